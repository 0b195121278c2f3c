// Package faults is Frontdoor's fault suite: scenarios that run real `frontdoor serve` processes
// against real redis-server processes (one server, a 6-node Cluster, Sentinel), with the fake
// Twilio and Slack APIs on loopback, break something on purpose (kill Redis, kill a Cluster
// master, make Slack or Twilio answer 503, restart replicas under load, forge requests) and
// check what texters and staff got: nothing lost, nothing twice, nothing out of order, the
// fail-safe reply when nothing else can be given. Each scenario logs its figure (t.Log, a line
// starting "FIGURE:") and the run ends with one summary line per scenario.
//
// The scenarios take minutes, so they skip unless FRONTDOOR_FAULTS is set:
//
//	FRONTDOOR_FAULTS=ci   go test -count=1 -v ./faults/...   # scaled down, what .ci/run runs
//	FRONTDOOR_FAULTS=full go test -count=1 -v -timeout 60m ./faults/...  # the requirements' sizes
//
// Run one with -run, e.g. -run TestClusterFailover. They need redis-server and redis-cli on PATH
// and build cmd/frontdoor themselves.
//
// # Writing a scenario
//
// The harness is this package's exported API; scenarios are _test.go files of package
// faults_test.
//
//   - Start(t, Options{Replicas, RedisURL, Spool, Env, Readiness}) builds the binary, starts the
//     fakes (Fleet.Twilio, Fleet.Slack: twiliotest and slackfake, with Down/Up for outages) and
//     the replicas (Fleet.Replicas: internal/servetest, with Kill, Stop, Restart, Logs), all
//     stopped when the test ends. The replicas run servetest.Env: signatures on, the Slack desk
//     with servetest.Roster (queue channel QueueChannel, tips channel TipsChannel).
//   - The store is the test's: redistest.Start (StartPersistent to survive a kill),
//     redistest.StartCluster6, redistest.StartSentinels; pass its URL in Options.RedisURL.
//   - Fleet.Text, Fleet.TextTo and Fleet.Staff send signed webhooks through a load balancer that
//     skips dead replicas (with Readiness, also unready ones) and retries a refused connection
//     elsewhere; servetest.SMSForm, servetest.SlackEvent and servetest.SlackButton build bodies.
//   - Fleet.Drive(ctx, prefix, texters, rate) runs simulated texters at a total rate and returns
//     a Record of every Answer (what was sent, when, what came back); DriveInto hands the Record
//     over at the start, to read while the drive runs. Tippers walk the tip flow with answers
//     that name them (WhatOf); Seekers reach staff and then write numbered messages
//     (SeekerWords) until the drive ends; Texter.Delay and Texter.Every start a texter later and
//     give it its own pace. Record.Receipts, Sent, SentToStaff and Transcript read the answers.
//   - Staff: Fleet.Claim presses Claim on a handoff until it is claimed, Fleet.Reply writes in a
//     thread as Slack would (the message in the fake, then its event), Fleet.Reacted reads the
//     desk's mark on a staff message (sent or not sent).
//   - Checks read what reached the fakes: Fleet.TipPosts, Fleet.TipPostsOf, Fleet.HandoffPosts,
//     Fleet.ThreadOf, Fleet.SeekerNumbers with InOrderOnce, twiliotest requests with the status
//     answered; StoreDigest compares the whole store before and after; Fleet.WaitUntil and
//     PollUntil wait for the background work (the outbox worker). A failed scenario keeps the
//     replicas' logs in a temporary folder and says where.
//   - Size(ci, full) picks a volume by the suite's size; Figure(t, ...) reports the scenario's
//     figure.
//
// # Imports
//
// It imports bot and the test-support packages (internal/servetest, twiliotest, slackfake); it
// drives the real binary rather than importing the integrations. No package imports it.
package faults

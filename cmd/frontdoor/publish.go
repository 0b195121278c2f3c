package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// runPublish is `frontdoor flows publish DIR`, for teams that keep flows in git: the same gate
// as the console's Publish (no lint error, every transcript test passes, and with
// FRONTDOOR_ONCALL set every queue the flows hand off to is on the roster), then the files become
// the live version in the store every replica reads. Publishing files equal to the live version
// changes nothing, so a pipeline may run it on every commit.
func runPublish(args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("flows publish", stderr)
	author := fl.String("author", "flows-publish", "the name recorded with the version and in the audit log")
	note := fl.String("note", "", "what changed and why, kept with the version")
	dir, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	if dir == "" {
		return usageError(fl, "the folder to publish is missing")
	}
	files, err := flows.ReadFiles(os.DirFS(dir))
	if err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("cannot read %s: %v", dir, err)}
	}
	ro, err := publishRoster(env, stdout)
	if err != nil {
		return exitError{code: 1, msg: dir + ": not published: " + err.Error()}
	}
	if err := gate(files, env, ro, stdout); err != nil {
		return exitError{code: 1, msg: dir + ": not published: " + err.Error()}
	}
	store, err := openPublishStore(env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer store.Close()
	err = publishFiles(context.Background(), store.Console(), files, *author, *note, dir, stdout)
	if errors.Is(err, errNotAudited) {
		return exitError{code: 1, msg: err.Error()}
	}
	return err
}

// publishRoster reads FRONTDOOR_ONCALL for flows publish; nil (and a note) when it is not set.
func publishRoster(env environment, stdout io.Writer) (*roster.Roster, error) {
	file := env("FRONTDOOR_ONCALL")
	if file == "" {
		fmt.Fprintln(stdout, "note: FRONTDOOR_ONCALL is not set, so the queues the flows hand off to were not checked against the on-call roster")
		return nil, nil
	}
	ro, probs := loadRoster(file)
	if ro == nil || len(probs.Errors()) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stdout, p)
		}
		return nil, errors.New("the on-call roster has errors, so the flows' queues cannot be checked; run frontdoor roster lint")
	}
	return ro, nil
}

// gate lints files and runs their transcript tests, writing the results; with a roster it also
// refuses flows that hand off to a queue the roster lacks (nobody would ever answer there).
func gate(files bot.FlowFiles, env environment, ro *roster.Roster, stdout io.Writer) error {
	fsys := flows.FilesFS(files)
	set, probs := loadFlows(fsys)
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	if set == nil {
		return fmt.Errorf("lint found %s", yamlpos.Count(len(probs.Errors()), "error"))
	}
	ts, err := readTranscripts(fsys, stdout)
	if err != nil {
		return err
	}
	r := &transcript.Runner{Flows: set, Messages: bot.NewMessages(env.value("FRONTDOOR_PROGRAM")),
		NewStore: scratchStores}
	var results []transcript.Result
	for _, t := range ts {
		results = append(results, r.Run(t))
	}
	if failed := transcript.Report(stdout, results); failed > 0 {
		return fmt.Errorf("%d transcript tests fail", failed)
	}
	if ro == nil {
		return nil
	}
	missing := ro.CheckQueues(handoffQueues(set))
	for _, p := range missing {
		fmt.Fprintln(stdout, p)
	}
	if len(missing) > 0 {
		msgs := make([]string, len(missing))
		for i, p := range missing {
			msgs[i] = p.Msg
		}
		return fmt.Errorf("the on-call roster lacks %d queue(s) the flows hand off to (%s); add them to %s first, or change the flows",
			len(missing), strings.Join(msgs, "; "), ro.File)
	}
	return nil
}

func openPublishStore(env environment) (*redis.Store, error) {
	return openCommandStore(context.Background(), env, "flows publish writes to the Redis store the servers read", "")
}

// errNotAudited means what was done is done, but the audit log does not say so.
var errNotAudited = errors.New("the audit log could not be written")

// flowPublisher is what publishing needs of a store: the versions and the audit log.
type flowPublisher interface {
	bot.FlowStore
	bot.AuditLog
}

// publishFiles publishes files unless the live version has exactly these files.
func publishFiles(ctx context.Context, store flowPublisher, files bot.FlowFiles, author, note, dir string, stdout io.Writer) error {
	live, err := store.CurrentFlows(ctx)
	if err != nil {
		return err
	}
	if live > 0 {
		v, err := store.FlowVersion(ctx, live)
		if err != nil {
			return err
		}
		if sameFiles(v.Files, files) {
			fmt.Fprintf(stdout, "unchanged: version %d is live with these files\n", live)
			return nil
		}
	}
	if note == "" {
		note = "published from " + dir
	}
	now := time.Now().UTC()
	n, err := store.PublishFlows(ctx, bot.FlowVersion{Files: files, Author: author, Published: now, Note: note}, live)
	if errors.Is(err, bot.ErrStaleFlows) {
		return exitError{code: 1, msg: "another version was published meanwhile; run it again"}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published version %d; every server runs it within a few seconds\n", n)
	if err := store.Audit(ctx, bot.AuditEntry{At: now, Who: author, Action: "publish", Detail: fmt.Sprintf("version %d from files (flows publish), live was %d", n, live)}); err != nil {
		return fmt.Errorf("version %d was published, but %w: %v", n, errNotAudited, err)
	}
	return nil
}

func sameFiles(a, b bot.FlowFiles) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if other, ok := b[p]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

const e2eTips = "C0TIPS0001"

// TestServe_tips runs a tip through the real serve command on a private redis-server with the
// fake Slack and Twilio: the tip is posted to the tips channel, the tipster adds to it by code,
// a stranger's use of the code is answered like an unknown code, staff ask the tipster and the
// answer comes back into the tip's thread, and the export has it all. No form of the tipster's
// number reaches Slack, the log, the export or any Redis key or value.
func TestServe_tips(t *testing.T) {
	srv := redistest.Start(t)
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["REDIS_URL"] = srv.URL()
	s := startServe(t, nil, env)
	defer s.stop()
	var replies []string
	for i, body := range []string{"hi", "2", "Houston, TX", "A van drops girls at the motel <!channel>", "last night", "NONE", "no", "1", "yes"} {
		replies = s.text(t, fmt.Sprintf("SMtip%d", i), body)
	}
	code := receiptCode(replies)
	th := waitForTipPost(t, sl, code)
	if got := strings.Join(s.text(t, "SMadd", code+" the van is blue"), "\n"); !strings.Contains(got, "we added this.\nCode "+code) {
		t.Fatalf("the addition was answered %q", got)
	}
	stranger := s.textFrom(t, "SMx1", "+15550177777", code+" who sent this?")
	unknown := s.textFrom(t, "SMx2", "+15550177778", "TIP-2ZZZZZ who sent this?")
	if strings.Join(stranger, "") != strings.Join(unknown, "") || len(stranger) != 1 {
		t.Fatalf("someone else's code got %q, an unknown one %q", stranger, unknown)
	}
	waitFor(t, "the addition in the tip's thread", func() bool { return strings.Contains(tipThreadText(sl, th), "the van is blue") })

	s.slackButton(t, "U0STAFF001", e2eTips, th.TS, "fd_ask_tipster", code, 1)
	waitFor(t, "the post to show the follow-up", func() bool {
		return strings.Contains(string(sl.Messages(e2eTips)[0].Blocks), "Asking the tipster")
	})
	q := sl.AddUserMessage(e2eTips, th.TS, "U0STAFF001", "What colour was the van?")
	s.slackEvent(t, "EvTip1", e2eTips, th.TS, q, "U0STAFF001", "What colour was the van?")
	waitFor(t, "the question at Twilio", func() bool { return len(tw.Requests()) == 1 })
	if r := tw.Requests()[0].Form; r.Get("Body") != "What colour was the van?" || r.Get("To") != e2eCanary {
		t.Fatalf("Twilio got %v", r)
	}
	s.text(t, "SMans", "Dark blue, a Ford")
	waitFor(t, "the answer in the tip's thread", func() bool { return strings.Contains(tipThreadText(sl, th), "Dark blue, a Ford") })
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}

	cli := map[string]string{"REDIS_URL": srv.URL(), "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"]}
	today := time.Now().UTC().Format("2006-01-02")
	var exports strings.Builder
	for _, format := range []string{"csv", "json"} {
		code2, out, errOut := runCLI(t, cli, "", "tips", "export", "--since", today, "--format", format)
		if code2 != 0 || !strings.Contains(out, code) || !strings.Contains(out, "the van is blue") ||
			!strings.Contains(out, "Houston, TX") || !strings.Contains(errOut, "1 tips written") {
			t.Fatalf("tips export --format %s: exit %d\n%s\nstderr: %s", format, code2, out, errOut)
		}
		exports.WriteString(out)
	}
	servetest.ScanSlack(t, sl, e2eCanary)
	assertNoCanary(t, s.logs.String())
	assertNoNumber(t, "the export", exports.String())
	assertNoNumber(t, "Redis", redisDump(t, srv.URL()))
}

func waitForTipPost(t *testing.T, sl *slackfake.Server, code string) bot.Thread {
	t.Helper()
	var th bot.Thread
	waitFor(t, "the tip's post", func() bool {
		for _, m := range sl.Messages(e2eTips) {
			if strings.Contains(string(m.Metadata), code) {
				th = bot.Thread{Channel: e2eTips, TS: m.TS}
				return true
			}
		}
		return false
	})
	return th
}

func tipThreadText(sl *slackfake.Server, th bot.Thread) string {
	var out []string
	for _, m := range sl.Thread(th.Channel, th.TS) {
		out = append(out, m.Text)
	}
	return strings.Join(out, "\n")
}

// assertNoNumber: no form of the canary number in what.
func assertNoNumber(t *testing.T, where, what string) {
	t.Helper()
	if len(what) < 100 {
		t.Fatalf("%s holds %d bytes; the scan proves nothing", where, len(what))
	}
	n := strings.TrimPrefix(e2eCanary, "+1")
	for _, f := range []string{e2eCanary, n, "%2B1" + n, n[:3] + "-" + n[3:6] + "-" + n[6:], n[:3] + " " + n[3:6] + " " + n[6:]} {
		if strings.Contains(what, f) {
			t.Errorf("%s holds %q", where, f)
		}
	}
}

// redisDump returns every key and value of a (private) Redis.
func redisDump(t *testing.T, url string) string {
	t.Helper()
	o, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(o)
	defer c.Close()
	ctx := context.Background()
	var b strings.Builder
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		fmt.Fprintf(&b, "%s = ", k)
		switch c.Type(ctx, k).Val() {
		case "string":
			b.WriteString(c.Get(ctx, k).Val())
		case "hash":
			fmt.Fprint(&b, c.HGetAll(ctx, k).Val())
		case "stream":
			fmt.Fprint(&b, c.XRange(ctx, k, "-", "+").Val())
		case "set":
			fmt.Fprint(&b, c.SMembers(ctx, k).Val())
		case "zset":
			fmt.Fprint(&b, c.ZRangeWithScores(ctx, k, 0, -1).Val())
		case "list":
			fmt.Fprint(&b, c.LRange(ctx, k, 0, -1).Val())
		}
		b.WriteString("\n")
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// exportFixture files a known set of tips, as the servers would, on a private Redis.
func exportFixture(t *testing.T) (url, secret string) {
	t.Helper()
	srv := redistest.Start(t)
	secret = "export-secret-0123456789abcdef-0123456789"
	keys, err := bot.NewKeys([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	clock := bot.ClockFunc(func() time.Time { return day.Add(12 * time.Hour) }) // the servers' clock when they filed
	s, err := redis.Open(context.Background(), srv.URL(), redis.Options{Keys: keys, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fixture := []struct {
		number string
		at     time.Duration
		tip    bot.Tip
		adds   []bot.TipAddition
		posted string
	}{
		{"+15550100001", -time.Hour, bot.Tip{Lang: "en", Channel: bot.ChannelSMS, Answers: map[string]string{"where": "Dallas, TX", "what": "before the day"}}, nil, ""},
		{"+15550100002", 8 * time.Hour, bot.Tip{Lang: "en", Channel: bot.ChannelSMS, Answers: map[string]string{
			"where": "Houston, TX", "what": "Girls, maybe 15, moved \"every night\",\nby an older man", "when": "last night",
			"involved": "=HYPERLINK(\"http://x\")", "danger": "no"}},
			[]bot.TipAddition{{ID: "add:SM2", At: day.Add(9 * time.Hour), Text: "the van is blue"}, {ID: "add:SM3", At: day.Add(10 * time.Hour), Text: "plate ABC-1234"}},
			"1772438400.000100"},
		{"+15550100003", 9*time.Hour + 15*time.Minute, bot.Tip{Lang: "es", Channel: bot.ChannelSlack, Urgent: true, Answers: map[string]string{
			"where": "ZIP 77002", "what": "una casa, dos niñas", "when": "ahora", "involved": "NONE", "danger": "yes"}}, nil, ""},
	}
	for i, f := range fixture {
		tx := keys.TexterKey(bot.ChannelSMS, f.number)
		tip := f.tip
		tip.Code, tip.Submitted, tip.Texter, tip.Alias = codeFor(tx, i), day.Add(f.at), tx, "K7QF"
		if err := s.Sessions().Commit(context.Background(), bot.Commit{Texter: tx, Session: bot.Session{Texter: tx, Address: f.number}, Tip: &tip}); err != nil {
			t.Fatal(err)
		}
		for _, a := range f.adds {
			if err := s.Tips().AddToTip(context.Background(), tip.Code, a); err != nil {
				t.Fatal(err)
			}
		}
		if f.posted != "" {
			if err := s.Tips().SetTipPosted(context.Background(), tip.Code, bot.Thread{Channel: e2eTips, TS: f.posted}); err != nil {
				t.Fatal(err)
			}
			// Staff asked the tipster a question, then closed the follow-up twice over (an earlier
			// and a later close): the export shows the later one.
			for j, outcome := range []string{"no_response", "referred"} {
				at := day.Add(time.Duration(10+j) * time.Hour)
				if err := s.Desk().RecordClose(context.Background(), bot.CloseRecord{Handoff: fmt.Sprintf("K7QF-x-%d", j), Alias: "K7QF", Queue: "national",
					Lang: "en", Tip: tip.Code, Opened: at.Add(-time.Minute), Closed: at, Outcome: outcome, Case: "+HT-7"}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return srv.URL(), secret
}

// codeFor returns a code in the texter's shard, starting with the digit 2+n.
func codeFor(texter string, n int) string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"
	for i := 0; ; i++ {
		c := fmt.Sprintf("TIP-%dAAA%c%c", 2+n, alphabet[i/29%29], alphabet[i%29])
		if bot.ShardOf(c, bot.DefaultShards) == bot.ShardOf(texter, bot.DefaultShards) {
			return c
		}
	}
}

// TestTipsExport: a known set of tips in both formats, exactly: stable columns, oldest first,
// nothing before --since, quotes and line breaks kept, a formula defused in CSV only, and no
// number, texter key or alias.
func TestTipsExport(t *testing.T) {
	url, secret := exportFixture(t)
	env := map[string]string{"REDIS_URL": url, "FRONTDOOR_SECRET": secret}
	keys, _ := bot.NewKeys([]byte(secret))
	c2, c3 := codeFor(keys.TexterKey(bot.ChannelSMS, "+15550100002"), 1), codeFor(keys.TexterKey(bot.ChannelSMS, "+15550100003"), 2)
	wantCSV := "code,submitted_at,language,channel,urgent,where,what,when,involved,other,additions,slack_channel,slack_ts,outcome,case_number\n" +
		c2 + ",2026-03-02T08:00:00Z,en,sms,false,\"Houston, TX\",\"Girls, maybe 15, moved \"\"every night\"\",\nby an older man\",last night," +
		"\"'=HYPERLINK(\"\"http://x\"\")\",danger: no,\"2026-03-02T09:00:00Z the van is blue\n2026-03-02T10:00:00Z plate ABC-1234\"," +
		"C0TIPS0001,1772438400.000100,referred,'+HT-7\n" +
		c3 + ",2026-03-02T09:15:00Z,es,staff,true,ZIP 77002,\"una casa, dos niñas\",ahora,NONE,danger: yes,,,,,\n"
	wantJSON := "[\n" +
		`{"code":"` + c2 + `","submitted_at":"2026-03-02T08:00:00Z","language":"en","channel":"sms","urgent":false,"where":"Houston, TX",` +
		`"what":"Girls, maybe 15, moved \"every night\",\nby an older man","when":"last night","involved":"=HYPERLINK(\"http://x\")",` +
		`"other":{"danger":"no"},"additions":[{"at":"2026-03-02T09:00:00Z","text":"the van is blue"},{"at":"2026-03-02T10:00:00Z","text":"plate ABC-1234"}],` +
		`"slack_channel":"C0TIPS0001","slack_ts":"1772438400.000100","outcome":"referred","case_number":"+HT-7"},` + "\n" +
		`{"code":"` + c3 + `","submitted_at":"2026-03-02T09:15:00Z","language":"es","channel":"staff","urgent":true,"where":"ZIP 77002",` +
		`"what":"una casa, dos niñas","when":"ahora","involved":"NONE","other":{"danger":"yes"},"additions":[],"slack_channel":"","slack_ts":"","outcome":"","case_number":""}` +
		"\n]\n"
	for format, want := range map[string]string{"csv": wantCSV, "json": wantJSON} {
		code, out, errOut := runCLI(t, env, "", "tips", "export", "--since", "2026-03-02", "--format", format)
		if code != 0 || out != want {
			t.Errorf("export as %s: exit %d\n%s\nwant\n%s\nstderr: %s", format, code, out, want, errOut)
		}
		if !strings.Contains(errOut, "reading the tips filed since 2026-03-02T00:00:00Z") || !strings.Contains(errOut, "2 tips written") {
			t.Errorf("progress on stderr: %q", errOut)
		}
		for _, bad := range []string{"+1555010", "5550100", "K7QF", keys.TexterKey(bot.ChannelSMS, "+15550100002")} {
			if strings.Contains(out, bad) {
				t.Errorf("the %s export holds %q", format, bad)
			}
		}
	}
	if code, out, _ := runCLI(t, env, "", "tips", "export", "--since", "2026-03-01T22:00:00Z"); code != 0 || strings.Count(out, "\nTIP-") != 3 {
		t.Errorf("since an RFC 3339 time: exit %d\n%s", code, out)
	}
}

func TestTipsExport_usage(t *testing.T) {
	for _, args := range [][]string{{"tips"}, {"tips", "export"}, {"tips", "export", "--since", "2026-03-02", "--format", "xml"},
		{"tips", "export", "--since", "yesterday"}, {"tips", "frobnicate"}} {
		if code, _, errOut := runCLI(t, map[string]string{"REDIS_URL": "redis://127.0.0.1:1"}, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and why", args, code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, map[string]string{}, "", "tips", "export", "--since", "2026-03-02"); code != 2 || !strings.Contains(errOut, "REDIS_URL is not set") {
		t.Errorf("without REDIS_URL: exit %d, %q", code, errOut)
	}
}

// TestTipsPurge: frontdoor tips purge deletes the tips older than FRONTDOOR_TIP_RETENTION, or
// --older-than, and keeps the rest.
func TestTipsPurge(t *testing.T) {
	srv := redistest.Start(t)
	secret := "purge-secret-0123456789abcdef-0123456789"
	keys, _ := bot.NewKeys([]byte(secret))
	s, err := redis.Open(context.Background(), srv.URL(), redis.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var codes []string
	for i, age := range []time.Duration{72 * time.Hour, 2 * time.Hour} {
		tx := keys.TexterKey(bot.ChannelSMS, fmt.Sprintf("+1555020000%d", i))
		tip := &bot.Tip{Code: codeFor(tx, i), Submitted: now.Add(-age), Texter: tx, Answers: map[string]string{"what": "x"}}
		if err := s.Sessions().Commit(context.Background(), bot.Commit{Texter: tx, Session: bot.Session{Texter: tx}, Tip: tip}); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, tip.Code)
	}
	s.Close()
	env := map[string]string{"REDIS_URL": srv.URL(), "FRONTDOOR_SECRET": secret, "FRONTDOOR_TIP_RETENTION": "48h"}
	if code, out, errOut := runCLI(t, env, "", "tips", "purge"); code != 0 || !strings.HasPrefix(out, "deleted 1 tips filed before ") {
		t.Fatalf("tips purge: exit %d, %q %q", code, out, errOut)
	}
	_, out, _ := runCLI(t, env, "", "tips", "export", "--since", "2000-01-01")
	if strings.Contains(out, codes[0]) || !strings.Contains(out, codes[1]) {
		t.Fatalf("after the purge the export is\n%s", out)
	}
	if code, out, _ := runCLI(t, env, "", "tips", "purge", "--older-than", "90m"); code != 0 || !strings.HasPrefix(out, "deleted 1 tips") {
		t.Fatalf("tips purge --older-than 90m: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, env, "", "tips", "purge", "--older-than", "1m"); code != 2 {
		t.Fatal("a retention under an hour was accepted")
	}
}

func TestServe_tipRetentionRefused(t *testing.T) {
	for _, v := range []string{"30 days", "10m"} {
		var stderr bottest.LogBuffer
		err := run(context.Background(), []string{"frontdoor", "serve", "--dev"}, mapEnv(map[string]string{"FRONTDOOR_TIP_RETENTION": v}),
			nil, io.Discard, &stderr)
		var ee exitError
		if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(stderr.String(), "FRONTDOOR_TIP_RETENTION should be a duration of at least 1h") {
			t.Errorf("FRONTDOOR_TIP_RETENTION=%q: %v, %s", v, err, stderr.String())
		}
	}
}

package transcript_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func runner(t *testing.T) *transcript.Runner {
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	return &transcript.Runner{Flows: set, Messages: bot.NewMessages("Frontdoor"),
		NewStore: func(c bot.Clock) transcript.Stores {
			m := memory.New(c)
			m.ObserveEffects(bottest.CheckEffects(t))
			return transcript.Stores{Sessions: m, Tips: m, Stats: m}
		}}
}

// TestBuiltinTranscripts runs every transcript test of the built-in flows.
func TestBuiltinTranscripts(t *testing.T) {
	ts, err := transcript.ReadDir(flows.Builtin(), "tests")
	if err != nil || len(ts) < 10 {
		t.Fatalf("%d transcripts: %v", len(ts), err)
	}
	r := runner(t)
	for _, tr := range ts {
		t.Run(tr.File, func(t *testing.T) {
			if res := r.Run(tr); !res.Passed() {
				t.Error(strings.Join(res.Failures, "\n"))
			}
		})
	}
}

// TestRun_Failure checks that a wrong expectation fails with a readable diff and the closing line.
func TestRun_Failure(t *testing.T) {
	fsys := fstest.MapFS{"tests/wrong.yaml": {Data: []byte(`name: wrong on purpose
steps:
  - send: hi
    replies: ["Hello there"]
    state: main.nowhere
    effects: [tip_submitted]
  - send: "2"
    contains: ["Where did it happen?"]
`)}}
	ts, err := transcript.ReadDir(fsys, "tests")
	if err != nil {
		t.Fatal(err)
	}
	res := runner(t).Run(ts[0])
	var out bytes.Buffer
	if failed := transcript.Report(&out, []transcript.Result{res}); failed != 1 {
		t.Fatalf("failed = %d", failed)
	}
	for _, want := range []string{
		"FAIL tests/wrong.yaml (wrong on purpose)",
		`tests/wrong.yaml:3: step 1, sending "hi":`,
		"- Hello there",
		"+ If you are in danger now, call 911.",
		`state is "main.welcome", expected "main.nowhere"`,
		"effects are [], expected [tip_submitted]",
		"0 passed, 1 failed",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "step 2") {
		t.Errorf("step 2 passed and should not be listed:\n%s", out.String())
	}
}

func TestRead_Errors(t *testing.T) {
	for name, src := range map[string]string{
		"unknown field": "steps:\n  - send: hi\n    contians: [x]\n",
		"no steps":      "name: empty\n",
		"bad wait":      "steps:\n  - send: hi\n    wait: soon\n",
	} {
		if _, err := transcript.Read("t.yaml", []byte(src)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestLint reports every mistake of a transcript file at once, each with file:line:col and a
// suggestion where one is close.
func TestLint(t *testing.T) {
	set := runner(t).Flows
	if probs := transcript.Lint(flows.Builtin(), "tests", set); len(probs) > 0 {
		t.Fatalf("the built-in transcripts have problems:\n%v", probs)
	}
	typos := `name: typos
steps:
  - send: hi
    contain: ["911"]
  - send: "2"
    state: tip.wher
    flags: [handoff, urgent]
    effects: [tip_submited]
  - send: Houston
    saved: {whre: Houston}
    lang: sp
  - contains: [x]
    wait: soon
    state: where
`
	fsys := fstest.MapFS{
		"tests/typos.yaml":  {Data: []byte(typos)},
		"tests/broken.yaml": {Data: []byte("steps:\n  - send: hi\n    contains: [\"x]\n")},
		"tests/fine.yaml":   {Data: []byte("steps:\n  - send: hi\n    contains: [\"call 911\"]\n    ignore_case: true\n")},
	}
	lintLines(t, fsys, set, []string{
		`tests/broken.yaml:3:5: this is not valid YAML near here: found unexpected end of stream (check the indenting, and put texts that contain ": " in quotes)`,
		`tests/typos.yaml:4:5: step 1 has an unknown field "contain" (did you mean "contains"?)`,
		`tests/typos.yaml:12:5: step 4 has no send: what the texter sends (send: "" for an empty message)`,
		`tests/typos.yaml:13:11: step 4: wait "soon" is not a duration like 90s, 20m or 73h`,
	})
	// Once the file reads, it is checked against the flows, every step at once.
	fixed := strings.NewReplacer("contain:", "contains:", "  - contains: [x]\n    wait: soon\n", "  - send: again\n    contains: [x]\n").Replace(typos)
	lintLines(t, fstest.MapFS{"tests/typos.yaml": {Data: []byte(fixed)}}, set, []string{
		`tests/typos.yaml:6:12: step 2: state "tip.wher" is not a state of the flows (did you mean "tip.where"?)`,
		`tests/typos.yaml:7:12: step 2: flags are compared in the order urgent, opted_out, handoff: write [urgent, handoff]`,
		`tests/typos.yaml:8:14: step 2: unknown effect "tip_submited" (did you mean "tip_submitted"?); the effects are handoff_requested, texter_message, texter_message(help), handoff_ended, tip_submitted, tip_added, erased`,
		`tests/typos.yaml:10:13: step 3: saved "whre": no question of the flows saves an answer by that name (did you mean "where"?); it can never be saved`,
		`tests/typos.yaml:11:11: step 3: lang "sp" is not one of the flows' languages (en, es)`,
		`tests/typos.yaml:14:12: step 4: state "where" is not a state of the flows; write it as flow.state, like tip.where`,
	})
}

func lintLines(t *testing.T, fsys fstest.MapFS, set *flows.Set, want []string) {
	t.Helper()
	var got []string
	for _, p := range transcript.Lint(fsys, "tests", set) {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems differ\n--- want\n%s\n--- got\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
}

// TestRun_IgnoreCase: contains and not_contains may ignore case, per step or for the transcript.
func TestRun_IgnoreCase(t *testing.T) {
	run := func(src string) transcript.Result {
		tr, err := transcript.Read("t.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return runner(t).Run(tr)
	}
	if res := run("steps:\n  - send: hi\n    contains: [\"CALL 911\"]\n"); res.Passed() {
		t.Error("contains is case-sensitive by default")
	}
	if res := run("steps:\n  - send: hi\n    contains: [\"CALL 911\"]\n    ignore_case: true\n"); !res.Passed() {
		t.Errorf("ignore_case on the step: %v", res.Failures)
	}
	if res := run("ignore_case: true\nsteps:\n  - send: hi\n    contains: [\"CALL 911\"]\n    not_contains: [\"TIP-\"]\n"); !res.Passed() {
		t.Errorf("ignore_case on the transcript: %v", res.Failures)
	}
	if res := run("ignore_case: true\nsteps:\n  - send: hi\n    not_contains: [\"CALL 911\"]\n"); res.Passed() ||
		!strings.Contains(res.Failures[0], `a reply contains "CALL 911" (in any case), which it should not`) {
		t.Errorf("not_contains in any case: %v", res.Failures)
	}
}

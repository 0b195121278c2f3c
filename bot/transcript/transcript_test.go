package transcript_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhttf/frontdoor/bot"
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
		NewStore: func(c bot.Clock) bot.Store { return memory.New(c) }}
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

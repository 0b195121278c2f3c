package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the program with args and an environment, and returns its exit code and output.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"frontdoor"}, args...), func(k string) string { return env[k] },
		strings.NewReader(stdin), &stdout, &stderr)
	code := 0
	if err != nil {
		code = 1
		var ee exitError
		if errors.As(err, &ee) {
			code = ee.code
			stderr.WriteString(ee.msg)
		}
	}
	return code, stdout.String(), stderr.String()
}

func writeFlows(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const tinyMain = `flow: main
languages: [en]
start: hello
states:
  hello:
    say: {en: "Hello. Reply 1 to finish."}
    menu:
      - choice: 1
        next: bye
  bye:
    say: {en: "Bye. You can delete this conversation."}
    end: true
`

func TestFlowsLint(t *testing.T) {
	t.Run("Builtin", func(t *testing.T) {
		code, out, _ := runCLI(t, nil, "", "flows", "lint")
		if code != 0 || out != "built-in flows: 0 errors, 0 warnings\n" {
			t.Fatalf("exit %d: %s", code, out)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		dir := writeFlows(t, map[string]string{"main.yaml": strings.Replace(tinyMain, "next: bye", "next: by", 1)})
		code, out, _ := runCLI(t, nil, "", "flows", "lint", dir)
		want := `main.yaml:9:15: state "hello": menu choice "1" goes to "by", which is not a state of this flow (did you mean "bye"?)`
		if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "1 error, 1 warning") {
			t.Fatalf("exit %d: %s", code, out)
		}
	})
	t.Run("Transcripts", func(t *testing.T) {
		dir := writeFlows(t, map[string]string{"main.yaml": tinyMain,
			"tests/main_en.yaml": "name: ends\nsteps:\n  - send: hi\n    contain: [\"Hello\"]\n  - send: \"1\"\n    state: main.by\n"})
		code, out, _ := runCLI(t, nil, "", "flows", "lint", dir)
		for _, want := range []string{
			`tests/main_en.yaml:4:5: step 1 has an unknown field "contain" (did you mean "contains"?)`,
			"1 error, 1 warning",
		} {
			if code != 1 || !strings.Contains(out, want) {
				t.Errorf("exit %d, output lacks %q:\n%s", code, want, out)
			}
		}
		code, out, errOut := runCLI(t, nil, "", "flows", "test", dir)
		if code != 1 || !strings.Contains(out, `tests/main_en.yaml:4:5: step 1 has an unknown field "contain"`) || !strings.Contains(errOut, "run frontdoor flows lint") {
			t.Errorf("flows test: exit %d\n%s%s", code, out, errOut)
		}
		fixed := writeFlows(t, map[string]string{"main.yaml": tinyMain,
			"tests/main_en.yaml": "name: ends\nsteps:\n  - send: hi\n    contains: [\"Hello\"]\n  - send: \"1\"\n    state: main.by\n"})
		code, out, _ = runCLI(t, nil, "", "flows", "lint", fixed)
		if want := `tests/main_en.yaml:6:12: step 2: state "main.by" is not a state of the flows (did you mean "main.bye"?)`; code != 1 || !strings.Contains(out, want) {
			t.Errorf("exit %d, output lacks %q:\n%s", code, want, out)
		}
	})
	t.Run("Strict", func(t *testing.T) {
		long := strings.Replace(tinyMain, "Hello. Reply 1 to finish.", strings.Repeat("Hello. ", 50)+"Reply 1.", 1)
		dir := writeFlows(t, map[string]string{"main.yaml": long})
		if code, out, _ := runCLI(t, map[string]string{"FRONTDOOR_FLOWS": dir}, "", "flows", "lint"); code != 0 || !strings.Contains(out, "warning: state \"hello\"") {
			t.Fatalf("a warning alone passes without --strict: exit %d: %s", code, out)
		}
		if code, _, _ := runCLI(t, nil, "", "flows", "lint", "--strict", dir); code != 1 {
			t.Fatalf("--strict must fail on a warning: exit %d", code)
		}
	})
}

func TestFlowsTest(t *testing.T) {
	t.Run("Builtin", func(t *testing.T) {
		code, out, _ := runCLI(t, nil, "", "flows", "test")
		if code != 0 || !strings.Contains(out, " passed, 0 failed\n") {
			t.Fatalf("exit %d: %s", code, out)
		}
	})
	t.Run("Failing", func(t *testing.T) {
		dir := writeFlows(t, map[string]string{"main.yaml": tinyMain, "tests/main_en.yaml": `name: ends
steps:
  - send: hi
    contains: ["Hello"]
  - send: "1"
    replies: ["Goodbye"]
`})
		code, out, _ := runCLI(t, nil, "", "flows", "test", dir)
		if code != 1 || !strings.Contains(out, "- Goodbye\n") || !strings.Contains(out, "+ Bye. You can delete this conversation.") ||
			!strings.HasSuffix(out, "0 passed, 1 failed\n") {
			t.Fatalf("exit %d: %s", code, out)
		}
	})
}

func TestFlowsGraph(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "flows", "graph", "main")
	if code != 0 || !strings.Contains(out, "welcome --> tip__intro: choose_2") {
		t.Fatalf("exit %d: %s", code, out)
	}
	code, out, _ = runCLI(t, nil, "", "flows", "graph", "tip", "--format", "dot")
	if code != 0 || !strings.HasPrefix(out, "digraph fsm {") {
		t.Fatalf("exit %d: %s", code, out)
	}
	if code, _, errOut := runCLI(t, nil, "", "flows", "graph", "nope"); code != 1 || !strings.Contains(errOut, "the flows are business, faith, main, parents, prevention, safety, school, talk, tip, youth") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestChat(t *testing.T) {
	in := "hi\n2\nHouston, TX\nsomething I saw\nlast night\nnone\nyes\n1\nno\nSTOP\nhello\n"
	code, out, _ := runCLI(t, nil, in, "chat")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"< If you are in danger now, call 911.", "< Call 911 now if you can.",
		"[tip TIP-", "to the tips channel, URGENT", "< You are unsubscribed"} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "< ") != 12 {
		t.Errorf("after STOP nothing more may be sent; got %d replies:\n%s", strings.Count(out, "< "), out)
	}
	code, out, _ = runCLI(t, nil, "hi\n", "chat", "--lang", "es")
	if code != 0 || !strings.Contains(out, "Si corre peligro ahora") {
		t.Fatalf("exit %d: %s", code, out)
	}
	if code, _, _ := runCLI(t, nil, "", "chat", "--lang", "fr"); code != 2 {
		t.Fatalf("an unknown language: exit %d", code)
	}
}

func TestUsage(t *testing.T) {
	if code, out, _ := runCLI(t, nil, "", "version"); code != 0 || out != "frontdoor dev\n" {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, errOut := runCLI(t, nil, "", "fly"); code != 2 || !strings.Contains(errOut, "unknown command \"fly\"") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, nil, ""); code != 2 {
		t.Errorf("no command: %d", code)
	}
}

func TestRosterLint(t *testing.T) {
	if code, out, _ := runCLI(t, nil, "", "roster", "lint", "../../deploy/oncall.example.yaml"); code != 0 || !strings.HasSuffix(out, ": 0 errors, 0 warnings\n") {
		t.Fatalf("the example roster: exit %d: %s", code, out)
	}
	dir := writeFlows(t, map[string]string{"oncall.yaml": "tips:\n  channel: C0TIPS0001\nqueues:\n  youth:\n    channel: C0YOUTH001\n    time_zone: UTC\n    backup: [U0BACKUP01]\n"})
	code, out, _ := runCLI(t, map[string]string{"FRONTDOOR_ONCALL": filepath.Join(dir, "oncall.yaml")}, "", "roster", "lint")
	if code != 1 || !strings.Contains(out, `the flows hand off to queue "national" (talk.yaml, state connect), which the roster does not have`) {
		t.Fatalf("a queue the flows need is missing: exit %d: %s", code, out)
	}
	if code, _, _ := runCLI(t, nil, "", "roster", "lint"); code != 2 {
		t.Fatalf("no file: exit %d", code)
	}
}

package web

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPrivacy walks conversations with canary numbers and bodies, then scans every sink: the
// log and /metrics must hold no number, no body, and no CR/LF from input.
func TestPrivacy(t *testing.T) {
	r := newRig(t, rigOptions{limit: 5})
	const canaryBody = "canary-body-7f3a"
	msgs := []string{"hi", "2", "Houston, TX", canaryBody + " x\r\nlevel=error msg=forged", "now", "NONE", "yes", "1",
		"HELP", "STOP", "hello", "START"}
	for i, m := range msgs {
		r.text(t, "SMp"+string(rune('a'+i)), canaryA, m)
	}
	for i := range 8 {
		r.text(t, "SMq"+string(rune('a'+i)), canaryB, canaryBody)
	}
	r.do(signedPost("/twilio/status", statusForm("SMz", "undelivered", "30005")))
	logs, metrics := r.logs.String(), r.metrics(t)
	for _, sink := range []struct{ name, text string }{{"log", logs}, {"metrics", metrics}} {
		for _, c := range []string{canaryA, canaryB, strings.TrimPrefix(canaryA, "+"), strings.TrimPrefix(canaryB, "+1"),
			canaryBody, "forged", "HOUSTON", "Houston"} {
			if strings.Contains(sink.text, c) {
				t.Errorf("%s contains %q", sink.name, c)
			}
		}
	}
	if logs == "" {
		t.Fatal("no log written: the scan proved nothing")
	}
	for i, line := range strings.Split(strings.TrimSuffix(logs, "\n"), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %d is not one JSON record: %q", i, line)
		}
	}
}

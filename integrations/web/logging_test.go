package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestNewLogger_stripsNewlines(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, slog.LevelInfo)
	log.Info("a\nb", "k", "x\r\nlevel=error msg=forged", "err", errors.New("e\nf"), "n", 3)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil || strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("not one JSON line: %q", buf.String())
	}
	for k, v := range rec {
		if s, ok := v.(string); ok && strings.ContainsAny(s, "\r\n") {
			t.Errorf("%s = %q still holds CR/LF", k, s)
		}
	}
	if rec["n"] != float64(3) {
		t.Errorf("numbers must stay numbers: %v", rec["n"])
	}
}

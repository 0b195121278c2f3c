package web

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// NewLogger returns Frontdoor's JSON logger. Every string it writes, message and values alike,
// has CR and LF replaced by spaces, so text that came from outside cannot forge a log line
// (CWE-117). Callers still never log numbers or message bodies.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: stripNewlines}))
}

var newlines = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

func stripNewlines(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if v := a.Value.String(); strings.ContainsAny(v, "\r\n") {
			a.Value = slog.StringValue(newlines.Replace(v))
		}
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case error:
			a.Value = slog.StringValue(newlines.Replace(v.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(newlines.Replace(v.String()))
		}
	}
	return a
}

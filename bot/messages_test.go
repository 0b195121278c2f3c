package bot_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// TestMessages_Safe holds every system text, in both languages, to the rules flow texts keep:
// each SMS within two segments as sent (with a 20-character program name and a real tip code),
// a first line that names no crime, tip or agency, and no invitation to a keyword that does
// something else. Both languages have every text.
func TestMessages_Safe(t *testing.T) {
	msgs := bot.NewMessages("Frontdoor Services 1")
	v := reflect.ValueOf(msgs)
	var preview []string
	for _, w := range flows.DefaultPreviewWords {
		preview = append(preview, flows.Phrase(w))
	}
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		m := v.Field(i).Interface().(map[string]string)
		if len(m) != 2 || m["en"] == "" || m["es"] == "" {
			t.Errorf("%s: want an English and a Spanish text, have %v", name, m)
		}
		for lang, text := range m {
			text = strings.ReplaceAll(text, "{code}", "TIP-7K3QXM")
			for _, sms := range strings.Split(text, "\n\n") {
				if n := flows.MeasureSMS(sms); n.Segments > 2 {
					t.Errorf("%s (%s) is %d segments (%d %s units): %q", name, lang, n.Segments, n.Units, n.Encoding, sms)
				}
				first, _, _ := strings.Cut(sms, "\n")
				if w := flows.PreviewWord(first, preview); w != "" && name != "SlackNoHandoff" {
					t.Errorf("%s (%s): the first line names %q: %q", name, lang, w, first)
				}
				for _, trap := range flows.InviteTraps(sms, bot.Reserved) {
					t.Errorf("%s (%s): %s", name, lang, trap)
				}
			}
		}
	}
	if !strings.Contains(bot.FailSafeReply, "911") || flows.MeasureSMS(bot.FailSafeReply).Segments > 1 {
		t.Errorf("the fail-safe reply must be one segment with 911: %q", bot.FailSafeReply)
	}
}

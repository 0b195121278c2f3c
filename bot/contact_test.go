package bot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

func TestMayText(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	wrote := func(ago time.Duration) bot.Session {
		return bot.Session{Address: "+15550100001", LastInbound: now.Add(-ago)}
	}
	optedOut := wrote(time.Minute)
	optedOut.OptedOut = true
	consented := func(ago time.Duration) bot.Session {
		s := wrote(ago)
		s.Handoff = &bot.Handoff{Queue: "national", MayText: true}
		return s
	}
	handoff := wrote(16 * time.Minute)
	handoff.Handoff = &bot.Handoff{Queue: "national"}
	cases := []struct {
		name      string
		s         bot.Session
		confirmed bool
		want      error
	}{
		{"wrote a minute ago", wrote(time.Minute), false, nil},
		{"wrote exactly 15 minutes ago", wrote(15 * time.Minute), false, nil},
		{"silent for 16 minutes, never said staff may text later", wrote(16 * time.Minute), true, bot.ErrNoConsent},
		{"silent for 16 minutes in a handoff without consent, confirmed", handoff, true, bot.ErrNoConsent},
		{"silent for 16 minutes, said yes to later texts", consented(16 * time.Minute), false, bot.ErrTexterSilent},
		{"silent for 16 minutes, said yes, confirmed", consented(16 * time.Minute), true, nil},
		{"silent for 5 hours, said yes, confirmed", consented(5 * time.Hour), true, nil},
		{"opted out", optedOut, true, bot.ErrOptedOut},
		{"never wrote", bot.Session{}, true, bot.ErrNeverWrote},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := bot.MayText(c.s, now, c.confirmed); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Errorf("MayText = %v, want %v", err, c.want)
			}
		})
	}
}

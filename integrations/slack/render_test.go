package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

func blocksJSON(t *testing.T, p post) (string, string) {
	t.Helper()
	text, blocks := render(p)
	b, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	return text, strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}

func TestRender(t *testing.T) {
	base := post{Alias: "K7QF", Lang: "es", Queue: "national", Urgent: true, OnShift: []string{"U1"}, Backup: []string{"B1"},
		Answers: map[string]string{"where": "<!here> motel & <https://x.example|bar>"}, Queues: []string{"spanish"}}
	t.Run("Waiting", func(t *testing.T) {
		p := base
		p.Urgent = false
		text, _ := blocksJSON(t, p)
		if text != "New conversation: Texter K7QF (national) <@U1>" {
			t.Errorf("notification %q", text)
		}
	})
	t.Run("Urgent", func(t *testing.T) {
		text, b := blocksJSON(t, base)
		if text != ":rotating_light: URGENT, someone may be in danger now: Texter K7QF (national) <@U1> <@B1>" {
			t.Errorf("an urgent post must mention on shift and backups at once: %q", text)
		}
		for _, want := range []string{":rotating_light: *URGENT*", "*where*: &lt;!here&gt; motel &amp; &lt;https://x.example|bar&gt;",
			"URGENT: claim it now. On shift: <@U1>. Backup, alerted at once: <@B1>.", "fd_claim", "spanish"} {
			if !strings.Contains(b, want) {
				t.Errorf("blocks lack %q: %s", want, b)
			}
		}
		if strings.Contains(b, "<!here>") {
			t.Error("an answer could ping the channel")
		}
	})
	t.Run("Channel", func(t *testing.T) {
		p := base
		if _, b := blocksJSON(t, p); strings.Contains(b, "  ·  on *") {
			t.Errorf("an SMS post names its channel: %s", b)
		}
		p.Channel = bot.ChannelSMS
		if _, b := blocksJSON(t, p); strings.Contains(b, "  ·  on *") {
			t.Errorf("an SMS post names its channel: %s", b)
		}
		p.Channel = bot.ChannelWhatsApp
		if _, b := blocksJSON(t, p); !strings.Contains(b, "language *es*  ·  on *WhatsApp*") {
			t.Errorf("a WhatsApp post does not say so: %s", b)
		}
	})
	t.Run("AfterHours", func(t *testing.T) {
		p := base
		p.OnShift = nil
		text, b := blocksJSON(t, p)
		if !strings.Contains(text, "<@B1>") || !strings.Contains(b, "Nobody is on shift. Backup: <@B1>") {
			t.Errorf("after hours: %q %s", text, b)
		}
	})
	t.Run("Closed", func(t *testing.T) {
		p := base
		p.Status, p.User = bot.StatusClosed, "U1"
		if _, b := blocksJSON(t, p); strings.Contains(b, `"actions"`) || !strings.Contains(b, "Closed by <@U1>") {
			t.Errorf("closed: %s", b)
		}
	})
	t.Run("LongAnswers", func(t *testing.T) {
		p := base
		p.Answers = map[string]string{"what": strings.Repeat("x", 5000)}
		_, blocks := render(p)
		b, _ := json.Marshal(blocks[1])
		if len(b) > 3300 {
			t.Errorf("the answers block is %d bytes; Slack takes 3000 characters", len(b))
		}
	})
}

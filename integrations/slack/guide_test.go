package slack_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/integrations/slack"
)

func (r *rig) command(user, text string) string {
	r.t.Helper()
	r.n++
	out, err := r.inbox.Command(r.ctx, slack.CommandFromForm(map[string][]string{"command": {"/frontdoor"}, "text": {text},
		"user_id": {user}, "channel_id": {channel}, "trigger_id": {fmt.Sprintf("trigCmd%d", r.n)}}))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(out)
}

func TestCommand_Guide(t *testing.T) {
	r := newRig(t, monday)
	list := r.command(owner, "guide")
	for _, want := range []string{`"response_type":"ephemeral"`, "`minors`: When the texter may be a minor", "`never_by_text`: What never to ask by text"} {
		if !strings.Contains(list, want) {
			t.Errorf("/frontdoor guide lacks %q: %s", want, list)
		}
	}
	topic := r.command(owner, "guide minors")
	for _, want := range []string{`"response_type":"ephemeral"`, `*When the texter may be a minor*`, "*A minor in commercial sex is a victim of trafficking under federal law.*", "1-800-843-5678",
		"https://report.cybertip.org", "• Trafficking Victims Protection Act", `\u003e Built-in guidance`} {
		if !strings.Contains(topic, want) {
			t.Errorf("/frontdoor guide minors lacks %q: %s", want, topic)
		}
	}
	if got := r.command(owner, "guide nothing"); !strings.Contains(got, "There is no topic called nothing.") {
		t.Errorf("an unknown topic: %s", got)
	}
	if got := r.command(owner, "say"); !strings.Contains(got, "`safe_now`: Is it safe to text right now?") {
		t.Errorf("/frontdoor say without a name: %s", got)
	}
	if len(r.fake.Messages(channel)) != 0 {
		t.Error("guidance was posted to the channel")
	}
}

func TestMrkdwn(t *testing.T) {
	in := "## Do\n- **Believe** them: <!channel> & [OVC](https://www.ovcttac.gov/x?a=1&b=2)\n> quoted"
	want := "*Do*\n• *Believe* them: &lt;!channel&gt; &amp; <https://www.ovcttac.gov/x?a=1&amp;b=2|OVC>\n> quoted"
	if got := slack.Mrkdwn(in); got != want {
		t.Errorf("Mrkdwn:\n%s\nwant\n%s", got, want)
	}
}

// TestSay_CommandAndMenu: /frontdoor say and the post's Prepared reply menu send the reply once
// each, by SMS, only for the owner.
func TestSay_CommandAndMenu(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	if got := r.command(owner, "say safe_now"); !strings.Contains(got, "You have no claimed conversation in this channel") {
		t.Fatalf("say before the claim: %s", got)
	}
	r.press(th, owner, "fd_claim", "")
	r.work()
	if b := string(r.post(th).Blocks); !strings.Contains(b, `"fd_say"`) || !strings.Contains(b, `"value":"delete_messages"`) {
		t.Fatalf("the claimed post has no Prepared reply menu: %s", b)
	}
	if got := r.command(owner, "say safe_now"); !strings.Contains(got, "Sending the prepared reply safe_now to Texter A001") {
		t.Fatalf("/frontdoor say: %s", got)
	}
	r.work()
	payload := r.fixture("interactions/select.json", map[string]any{"EventID": "trigS", "User": owner, "TS": th.TS,
		"Channel": th.Channel, "ActionID": "fd_say", "Value": "call_911", "ActionTS": "1772443801.000009"})
	for range 2 { // Slack retries: sent once
		if err := r.inbox.Interaction(r.ctx, payload); err != nil {
			t.Fatal(err)
		}
	}
	r.work()
	got := r.sms.bodies()
	if len(got) != 2 || got[0] != "Is it safe to text right now? Reply YES or NO. You can stop any time." || got[1] != "If you are in danger right now, please call 911 if you can." {
		t.Fatalf("the texter got %q", got)
	}
	if th := r.threadTexts(th); !strings.Contains(th, "sent the prepared reply call_911") || strings.Count(th, "It was sent to the texter.") != 2 {
		t.Fatalf("the thread says %q", th)
	}
}

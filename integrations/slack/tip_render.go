package slack

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/slack-go/slack"
)

// actionAskTipster is the Ask tipster button on a tip post; its value is the tip's code.
const actionAskTipster = "fd_ask_tipster"

// tipFields are the tip flow's answers, in the order the post shows them; other answers follow.
var tipFields = []struct{ key, label string }{
	{"where", "Where"}, {"what", "What"}, {"when", "When"}, {"involved", "Involved"},
}

// tipView is what a tip post shows.
type tipView struct {
	Code, Lang string
	Channel    bot.Channel
	At         time.Time
	Urgent     bool
	Answers    map[string]string // the tipster's words: escaped when drawn
	Mention    []string          // an urgent tip's first post: who is alerted
	Status     string            // the follow-up: "" none yet, or bot.StatusClaimed, Closed, Ended
	User       string            // who asks, or closed
	Text       string            // ended: why
}

func tipViewOf(t bot.Tip) tipView {
	return tipView{Code: t.Code, Lang: t.Lang, Channel: t.Channel, At: t.Submitted, Urgent: t.Urgent, Answers: t.Answers}
}

// renderTip returns a tip post's notification text and blocks.
func renderTip(v tipView) (string, []slack.Block) {
	blocks := []slack.Block{section(tipHeadline(v), "fd_tip_head")}
	if a := tipAnswers(v.Answers); a != "" {
		blocks = append(blocks, section(a, "fd_tip_answers"))
	}
	blocks = append(blocks, slack.NewContextBlock("fd_tip_status", mrkdwn(tipStatus(v))))
	if acts := tipActions(v); len(acts) > 0 {
		blocks = append(blocks, slack.NewActionBlock("fd_tip", acts...))
	}
	text := "New tip " + v.Code
	if v.Urgent {
		text = ":rotating_light: URGENT tip " + v.Code + ": someone may be in danger now. " + mentions(v.Mention)
	}
	return strings.TrimSpace(text), blocks
}

func tipHeadline(v tipView) string {
	h := "*Tip " + Escape(v.Code) + "*  ·  " + slackDate(v.At) + "  ·  language *" + Escape(v.Lang) + "*  ·  " + tipSource(v.Channel)
	if v.Urgent {
		h = ":rotating_light: *URGENT: someone may be in danger now*\n" + h
		if len(v.Mention) > 0 {
			h += "\nOn call: " + mentions(v.Mention)
		}
	}
	return h
}

func tipSource(ch bot.Channel) string {
	if ch == bot.ChannelSlack {
		return "entered by staff in Slack"
	}
	return "by " + ch.Label()
}

// tipAnswers lists the answers, escaped: the tip flow's four first, then any other, sorted.
func tipAnswers(a map[string]string) string {
	var b strings.Builder
	seen := map[string]bool{flows.FieldMayText: true} // shown in the status instead
	for _, f := range tipFields {
		seen[f.key] = true
		if v, ok := a[f.key]; ok {
			b.WriteString("*" + f.label + ":* " + Escape(v) + "\n")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if !seen[k] {
			b.WriteString("*" + Escape(k) + ":* " + Escape(a[k]) + "\n")
		}
	}
	return sectionText(b.String())
}

func tipStatus(v tipView) string {
	switch v.Status {
	case bot.StatusClaimed:
		return "Asking the tipster: " + mention(v.User) + ". Only their replies in this thread reach the tipster; \"note:\" keeps a message internal."
	case bot.StatusClosed:
		return "Follow-up closed by " + mention(v.User) + "."
	case bot.StatusEnded:
		return "Follow-up ended: " + Escape(v.Text) + "."
	}
	switch {
	case v.Channel == bot.ChannelSlack:
		return "Entered by staff in Slack: ask them for more."
	case !mayText(v):
		return "The tipster did not say staff may text them, so they cannot be asked questions. If they text the tip's code again, their words appear in this thread."
	}
	return "The tipster said staff may text them with questions: press Ask tipster, then write in this thread. They get your words by " + v.Channel.Label() + ", never who you are."
}

// mayText reports whether the tipster said yes to questions by text.
func mayText(v tipView) bool { return v.Answers[flows.FieldMayText] == "yes" }

func tipActions(v tipView) []slack.BlockElement {
	switch {
	case v.Status == bot.StatusClaimed:
		return []slack.BlockElement{button(actionClose, "Close follow-up", "")}
	case v.Channel == bot.ChannelSlack, !mayText(v):
		return nil
	}
	return []slack.BlockElement{button(actionAskTipster, "Ask tipster", v.Code).WithStyle(slack.StylePrimary)}
}

// slackDate shows a time in each reader's time zone, with UTC for clients that cannot.
func slackDate(t time.Time) string {
	return "<!date^" + strconv.FormatInt(t.Unix(), 10) + "^{date_short_pretty} {time}|" + t.UTC().Format("2006-01-02 15:04 UTC") + ">"
}

// tipAdditionText is what the tipster added, escaped, for the tip's thread.
func tipAdditionText(e bot.Effect, onCall []string) string {
	body := Escape(e.Text)
	if e.Media > 0 {
		body = strings.TrimSpace(body + " " + mediaNote)
	}
	head := "*The tipster added* (" + slackDate(e.At) + "):"
	if e.Urgent {
		head = ":rotating_light: " + head
		if len(onCall) > 0 {
			head = ":rotating_light: " + mentions(onCall) + " someone may be in danger now. *The tipster added* (" + slackDate(e.At) + "):"
		}
	}
	return head + "\n" + body
}

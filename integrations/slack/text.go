package slack

import (
	"regexp"
	"strings"

	"github.com/slack-go/slack/slackutilsx"
)

// controlSequence matches Slack's <...> markup: mentions, channel links, links and commands.
var controlSequence = regexp.MustCompile(`<([^<>]*)>`)

// unescape undoes the only three entities Slack uses.
var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// ToSMS turns a staff member's Slack message into plain SMS text: a person mention becomes
// "staff" (no names or IDs reach the texter), @here-style commands vanish, a link becomes its
// address, a channel link its name, and &amp; &lt; &gt; become & < >.
func ToSMS(text string) string {
	out := controlSequence.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			return "staff"
		case strings.HasPrefix(target, "!date"):
			return label
		case strings.HasPrefix(target, "!"):
			return ""
		case strings.HasPrefix(target, "#"):
			if hasLabel {
				return "#" + label
			}
			return ""
		case strings.HasPrefix(target, "mailto:"):
			return strings.TrimPrefix(target, "mailto:")
		case strings.HasPrefix(target, "tel:"):
			return strings.TrimPrefix(target, "tel:")
		}
		return target
	})
	return strings.TrimSpace(unescape.Replace(out))
}

// Escape makes a texter's words safe to post: &, < and > become entities, so nothing in the
// text can mention anyone, link anywhere or address the channel.
func Escape(text string) string { return slackutilsx.EscapeMessage(text) }

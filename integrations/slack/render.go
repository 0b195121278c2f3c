package slack

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/slack-go/slack"
)

// Action IDs of the desk's buttons; the value of each names the thread (and, for the held reply,
// the staff message) so that a button in an ephemeral notice works as well as one on the post.
const (
	actionClaim    = "fd_claim"
	actionClose    = "fd_close"
	actionTransfer = "fd_transfer"
	actionSend     = "fd_send"
	actionDiscard  = "fd_discard"
	actionResend   = "fd_resend"
	actionOutcome  = "fd_outcome" // the outcome to close with; each option's value is the thread's ts and the code
)

// Metadata event types on the app's posts: a handoff post carries its ledger key (PostOnce finds
// it after a crash), a texter message its handoff Ref (erasure finds it to redact).
const (
	metaPost   = "frontdoor_post"
	metaTexter = "frontdoor_texter"
)

// blockAnswers is the block of a handoff post that shows the texter's answers; erasure removes it.
const blockAnswers = "fd_answers"

// maxBlockText is Slack's limit on a section's text.
const maxBlockText = 3000

// post is what the handoff post shows.
type post struct {
	Alias, Lang, Queue string
	Channel            bot.Channel // how the texter reaches us; "" or SMS is not named
	Urgent             bool
	Answers            map[string]string // the texter's words: escaped when drawn
	Status             string            // "" while waiting, or a bot.Status* value
	User               string            // who claimed, closed, transferred
	Text               string            // ended: why; transferred: the new queue; waiting: the queue it came from
	OnShift, Backup    []string          // waiting: who is mentioned
	Queues             []string          // the other queues, for Transfer
	QueueLabels        map[string]string // how Transfer names each: "spanish (es)"
	Replies            []string          // the prepared replies, for the owner's menu once claimed
	Refer              bool              // there is a partner directory: a Refer button once claimed
}

// render returns the post's notification text and blocks.
func render(p post) (string, []slack.Block) {
	blocks := []slack.Block{section(headline(p), "fd_head")}
	if a := answers(p.Answers); a != "" {
		blocks = append(blocks, section(a, blockAnswers))
	}
	blocks = append(blocks, slack.NewContextBlock("fd_status", mrkdwn(status(p))))
	if acts := actions(p); len(acts) > 0 {
		blocks = append(blocks, slack.NewActionBlock("fd_handoff", acts...))
	}
	return fallback(p), blocks
}

// fallback is the notification: it mentions who should look, while the post waits: the staff
// on shift (the backups when nobody is), and for an urgent conversation both at once.
func fallback(p post) string {
	text := "Texter " + p.Alias + " (" + p.Queue + ")"
	switch p.Status {
	case "":
		if p.Urgent {
			return ":rotating_light: URGENT, someone may be in danger now: " + text + " " + mentions(alerted(p))
		}
		who := p.OnShift
		if len(who) == 0 {
			who = p.Backup
		}
		return "New conversation: " + text + " " + mentions(who)
	case bot.StatusClaimed:
		return text + ": claimed by " + mention(p.User)
	}
	return text + ": " + p.Status
}

func headline(p post) string {
	h := "*Texter " + Escape(p.Alias) + "*  ·  queue *" + Escape(p.Queue) + "*  ·  language *" + Escape(p.Lang) + "*"
	if p.Channel != "" && p.Channel != bot.ChannelSMS {
		h += "  ·  on *" + Escape(p.Channel.Label()) + "*"
	}
	if p.Urgent {
		h = ":rotating_light: *URGENT*  ·  " + h
	}
	return h
}

// needLabels say in staff words what each need a texter chose means.
var needLabels = map[string]string{
	"shelter": "a safe place to stay", "legal": "legal or immigration help", "immigration": "immigration help",
	"labor": "problems at work or with pay", "medical": "medical care", "talk": "someone to talk to", "other": "something else",
}

// answers lists what the texter answered, escaped, within a section's limit: first the intake
// (the need they chose and the state they gave, which routing read), then the rest by name.
func answers(a map[string]string) string {
	var b strings.Builder
	if need := a[flows.FieldNeed]; need != "" {
		label := need
		if l, ok := needLabels[need]; ok {
			label = l + " (" + need + ")"
		}
		b.WriteString("*Need*: " + Escape(label) + "\n")
	}
	if st := a[flows.FieldState]; st != "" {
		b.WriteString("*State*: " + Escape(st) + "\n")
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if k == flows.FieldNeed || k == flows.FieldState {
			continue
		}
		b.WriteString("*" + Escape(k) + "*: " + Escape(a[k]) + "\n")
	}
	return sectionText(b.String())
}

// sectionText is escaped text made to fit a section: trimmed, and cut with "…" past
// maxBlockText characters.
func sectionText(escaped string) string {
	s := strings.TrimSpace(escaped)
	if utf8.RuneCountInString(s) > maxBlockText {
		s = string([]rune(s)[:maxBlockText-1]) + "…"
	}
	return s
}

func status(p post) string {
	switch p.Status {
	case bot.StatusClaimed:
		return "Claimed by " + mention(p.User) + ". Only their replies reach the texter; \"note:\" keeps a message internal."
	case bot.StatusClosed:
		return "Closed by " + mention(p.User) + "."
	case bot.StatusTransferred:
		return "Transferred to queue *" + Escape(p.Text) + "* by " + mention(p.User) + "."
	case bot.StatusEnded:
		return "Ended: " + Escape(p.Text) + "."
	}
	s := "Waiting for someone to claim. On shift: " + mentions(p.OnShift)
	switch {
	case len(p.OnShift) == 0:
		s = "Nobody is on shift. Backup: " + mentions(p.Backup) + ". The texter was told about the hotline and 911."
	case p.Urgent:
		s = "URGENT: claim it now. On shift: " + mentions(p.OnShift) + ". Backup, alerted at once: " + mentions(p.Backup) + "."
	}
	if p.User != "" {
		s = "Transferred from queue *" + Escape(p.Text) + "* by " + mention(p.User) + ". " + s
	}
	return s
}

func actions(p post) []slack.BlockElement {
	var out []slack.BlockElement
	switch p.Status {
	case "":
		out = append(out, button(actionClaim, "Claim", "").WithStyle(slack.StylePrimary))
	case bot.StatusClaimed:
		if len(p.Replies) > 0 {
			out = append(out, replyMenu(p.Replies))
		}
		if p.Refer {
			out = append(out, button(actionRefer, "Refer…", ""))
		}
	default:
		return nil // over: no buttons
	}
	out = append(out, button(actionClose, "Close", ""))
	if len(p.Queues) > 0 {
		var opts []*slack.OptionBlockObject
		for _, q := range p.Queues {
			label := q
			if l, ok := p.QueueLabels[q]; ok {
				label = l
			}
			opts = append(opts, slack.NewOptionBlockObject(q, plain(label), nil))
		}
		out = append(out, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Transfer to…"), actionTransfer, opts...))
	}
	return out
}

// offer returns the blocks of a notice with buttons (ephemeral, or a note in the thread).
func offer(text, kind string, th bot.Thread, ts string) []slack.Block {
	var acts []slack.BlockElement
	switch kind {
	case bot.OfferClaim:
		acts = append(acts, button(actionClaim, "Claim", th.TS).WithStyle(slack.StylePrimary))
	case bot.OfferConfirm:
		acts = append(acts, button(actionSend, "Send anyway", th.TS+" "+ts).WithStyle(slack.StyleDanger),
			button(actionDiscard, "Don't send", th.TS+" "+ts))
	case bot.OfferResend:
		acts = append(acts, button(actionResend, "Send again", th.TS+" "+ts))
	case bot.OfferOutcome:
		acts = append(acts, outcomeSelect(th.TS))
	case referOffer(kind):
		acts = append(acts, referButtons(kind, th)...)
	default:
		return nil
	}
	return []slack.Block{section(text, "fd_notice"), slack.NewActionBlock("fd_offer", acts...)}
}

// referOffer returns kind when it is an OfferRefer notice, so that offer's switch can match it.
func referOffer(kind string) string {
	if strings.HasPrefix(kind, bot.OfferRefer+":") {
		return kind
	}
	return "\x00"
}

// outcomeSelect is the menu of outcomes that closes the conversation of thread ts.
func outcomeSelect(ts string) *slack.SelectBlockElement {
	var opts []*slack.OptionBlockObject
	for _, o := range bot.Outcomes {
		opts = append(opts, slack.NewOptionBlockObject(ts+" "+o.Code, plain(o.Label), nil))
	}
	return slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Close with outcome…"), actionOutcome, opts...)
}

func section(text, id string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(id))
}

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func button(id, label, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(id, value, plain(label))
}

// alerted is who an urgent post mentions: everyone on shift and the backups, once each.
func alerted(p post) []string {
	who := slices.Clone(p.OnShift)
	for _, u := range p.Backup {
		if !slices.Contains(who, u) {
			who = append(who, u)
		}
	}
	return who
}

func mention(user string) string { return "<@" + user + ">" }

func mentions(users []string) string {
	if len(users) == 0 {
		return "nobody"
	}
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = mention(u)
	}
	return strings.Join(out, " ")
}

package slack

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
)

// usage is the /frontdoor command's help.
var usage = "*/frontdoor oncall*: who is on shift now, per queue\n" +
	"*/frontdoor close [outcome] [case number]*: close the conversation you claimed in this channel (with several, pick one); " +
	"outcome is one of " + outcomeCodes() + " (without one you pick it); the case number is your own system's, never a phone number\n" +
	"*/frontdoor say [NAME]*: send a prepared reply to the conversation you claimed in this channel (without NAME: the list)\n" +
	"*/frontdoor refer [SERVICE] [STATE]*: the partner directory's providers for the conversation you claimed in this channel (default: the need and state the texter gave), each with a Send button\n" +
	"*/frontdoor guide [TOPIC]*: the coordinators' guidance for staff (without TOPIC: the topics)\n" +
	"*/frontdoor help*: this help\n" +
	"In a conversation's thread: only the person who claimed it reaches the texter; start a message with \"note:\" to keep it internal."

// CommandFromForm reads a slash command's form body (the HTTP route).
func CommandFromForm(f url.Values) slack.SlashCommand {
	return slack.SlashCommand{Command: f.Get("command"), Text: f.Get("text"), UserID: f.Get("user_id"),
		ChannelID: f.Get("channel_id"), TriggerID: f.Get("trigger_id"), TeamID: f.Get("team_id")}
}

// Command answers /frontdoor with an ephemeral message (JSON for the HTTP response or the
// Socket Mode acknowledgement). An unknown subcommand gets the usage.
func (in *Inbox) Command(ctx context.Context, sc slack.SlashCommand) ([]byte, error) {
	fields := strings.Fields(strings.ToLower(sc.Text))
	sub := ""
	if len(fields) > 0 {
		sub = fields[0]
	}
	var msg slack.Msg
	switch sub {
	case "oncall":
		msg.Text = in.oncall()
	case "close":
		var err error
		if msg, err = in.closeCommand(ctx, sc); err != nil {
			return nil, err
		}
	case "say":
		name := ""
		if len(fields) > 1 {
			name = fields[1]
		}
		var err error
		if msg, err = in.sayCommand(ctx, sc, name); err != nil {
			return nil, err
		}
	case "refer":
		var err error
		if msg, err = in.referCommand(ctx, sc, fields[1:]); err != nil {
			return nil, err
		}
	case "guide":
		topic := ""
		if len(fields) > 1 {
			topic = fields[1]
		}
		msg = in.guide(topic)
	case "help":
		msg.Text = in.help()
	default:
		msg.Text = "Unknown command. Usage:\n" + usage
	}
	msg.ResponseType = slack.ResponseTypeEphemeral
	return json.Marshal(msg)
}

func (in *Inbox) help() string {
	h := usage
	if c := in.Desk.CurrentRoster().ContactEmail; c != "" {
		h += "\nQuestions about the roster: " + c
	}
	return h
}

// oncall lists who is on shift now in each queue, and the backups.
func (in *Inbox) oncall() string {
	now := in.Desk.Now()
	var names []string
	for n := range in.Desk.CurrentRoster().Queues {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		q := in.Desk.CurrentRoster().Queues[n]
		b.WriteString("*" + Escape(n) + "* (<#" + q.Channel + ">): on shift " + mentions(q.OnShift(now)) +
			"; backup " + mentions(q.Backup) + "\n")
	}
	return strings.TrimSpace(b.String())
}

func outcomeCodes() string {
	codes := make([]string, len(bot.Outcomes))
	for i, o := range bot.Outcomes {
		codes[i] = o.Code
	}
	return strings.Join(codes, ", ")
}

// closeArgs reads "close [outcome] [case number]"; the case number keeps its case.
func closeArgs(text string) (outcome, caseNo string) {
	fields := strings.Fields(text)
	if len(fields) > 1 {
		outcome = strings.ToLower(fields[1])
	}
	if len(fields) > 2 {
		caseNo = strings.Join(fields[2:], " ")
	}
	return outcome, caseNo
}

// closeCommand closes the conversation the user claimed in this channel, with the outcome and
// case number given; without an outcome the user picks one. Slack does not say which thread a
// command was typed in, so with several the user picks one by its Close button.
func (in *Inbox) closeCommand(ctx context.Context, sc slack.SlashCommand) (slack.Msg, error) {
	outcome, caseNo := closeArgs(sc.Text)
	if _, ok := bot.OutcomeLabel(outcome); outcome != "" && !ok {
		return slack.Msg{Text: "Not closed: " + Escape(outcome) + " is not an outcome; use one of " + outcomeCodes() + "."}, nil
	}
	if _, err := bot.CheckCaseNumber(caseNo); err != nil {
		return slack.Msg{Text: "Not closed: " + err.Error() + "."}, nil
	}
	mine, err := in.myClaims(ctx, sc)
	if err != nil {
		return slack.Msg{}, err
	}
	switch len(mine) {
	case 0:
		return slack.Msg{Text: "You have no claimed conversation in this channel. Use the Close button on a conversation's post."}, nil
	case 1:
		if outcome == "" {
			text := "How did the conversation with Texter " + Escape(mine[0].Alias) + " end? Pick an outcome to close it."
			return slack.Msg{Text: text, Blocks: slack.Blocks{BlockSet: []slack.Block{section(text, "fd_pick"),
				slack.NewActionBlock("fd_offer", outcomeSelect(mine[0].Thread.TS))}}}, nil
		}
		out, err := in.Desk.Act(ctx, bot.Action{Kind: bot.ActClose, ID: "cmd:" + sc.UserID + ":" + sc.TriggerID,
			Thread: mine[0].Thread, User: sc.UserID, Outcome: outcome, Case: caseNo})
		if err != nil {
			return slack.Msg{}, err
		}
		return slack.Msg{Text: out.Say}, nil
	}
	blocks := []slack.Block{section("Which conversation do you want to close?", "fd_pick")}
	for _, c := range mine {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("Texter "+Escape(c.Alias)), nil,
			slack.NewAccessory(button(actionClose, "Close", c.Thread.TS))))
	}
	return slack.Msg{Text: "Which conversation do you want to close?", Blocks: slack.Blocks{BlockSet: blocks}}, nil
}

// CommandForm is Command for the HTTP route's form body.
func (in *Inbox) CommandForm(ctx context.Context, f url.Values) ([]byte, error) {
	return in.Command(ctx, CommandFromForm(f))
}

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/card"
)

// campaignsHelp explains the campaign commands.
func campaignsHelp() string {
	return `A campaign word is a flow's trigger (flows/README.md, "Campaign words"): a texter who sends
only that word starts the flow. The card shows the number to text (--to, else FRONTDOOR_SHORT_CODE),
the word, one line of what it offers (--line, else the first sentence of the flow's first text in the
word's language) and a QR code with the link sms:NUMBER?&body=WORD, which opens the phone's messaging
app with the word filled in on both iPhone and Android.

` + envHelp("FRONTDOOR_SHORT_CODE", "FRONTDOOR_FLOWS")()
}

func runCampaignCard(args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("campaigns card", stderr)
	format := fl.String("format", "svg", "svg, pdf or png")
	to := fl.String("to", "", "the short code or number texters send to (default FRONTDOOR_SHORT_CODE)")
	line := fl.String("line", "", "the line of what the word offers (default: from the flow)")
	dir := fl.String("flows", "", "the flows folder (default FRONTDOOR_FLOWS, else the built-in flows)")
	out := fl.String("o", "", "write to this file instead of standard output")
	word, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	if word == "" {
		return usageError(fl, "the campaign word is missing, for example: frontdoor campaigns card PARENTS")
	}
	draw, ok := cardFormats[*format]
	if !ok {
		return usageError(fl, "--format is %q; use svg, pdf or png", *format)
	}
	fsys, name, err := openFlowsFolder(*dir, env)
	if err != nil {
		return err
	}
	set, probs := loadFlows(fsys)
	if set == nil {
		fmt.Fprintln(stdout, probs.Error())
		return exitError{code: 1, msg: name + ": the flows have errors; run frontdoor flows lint"}
	}
	tr, ok := set.Trigger(word)
	if !ok {
		return exitError{code: 1, msg: fmt.Sprintf("%q is not a campaign word of the %s; they are %s", word, name, triggerList(set))}
	}
	if *to == "" {
		*to = env.value("FRONTDOOR_SHORT_CODE")
	}
	c := card.ForTrigger(set, tr, *to, *line)
	if err := c.Check(); err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	return writeCard(c, draw, *out, stdout)
}

var cardFormats = map[string]func(card.Card, io.Writer) error{
	"svg": card.Card.SVG, "pdf": card.Card.PDF, "png": card.Card.PNG,
}

func writeCard(c card.Card, draw func(card.Card, io.Writer) error, file string, stdout io.Writer) error {
	if file == "" {
		w := bufio.NewWriter(stdout)
		if err := draw(c, w); err != nil {
			return err
		}
		return w.Flush()
	}
	f, err := os.Create(file)
	if err != nil {
		return exitError{code: 1, msg: "cannot write the card: " + err.Error()}
	}
	if err := draw(c, f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// triggerList names a set's campaign words, or says there are none.
func triggerList(set *flows.Set) string {
	var words []string
	for _, tr := range set.Triggers() {
		words = append(words, strings.ToUpper(tr.Word))
	}
	if len(words) == 0 {
		return "none (a flow file lists them under triggers:)"
	}
	return strings.Join(words, ", ")
}

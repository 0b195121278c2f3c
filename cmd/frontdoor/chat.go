package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// runChat lets a person be a texter in the terminal. Lines on stdin are messages; replies, and
// the handoffs and tips that would reach staff, are printed. It works piped, for scripts.
func runChat(ctx context.Context, args []string, env environment, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := newFlags("chat", stderr)
	lang := fl.String("lang", "", "the language to start in (en or es); default: guessed from the first message")
	dir := fl.String("flows", "", "the flows folder (default FRONTDOOR_FLOWS, else the built-in flows)")
	from := fl.String("from", "+15550100001", "the texter's phone number")
	if err := noArgs(fl, args, stdout); err != nil {
		return err
	}
	set, _, name, err := openFlowSet(*dir, env, stderr)
	if err != nil {
		return err
	}
	if *lang != "" && !containsString(set.Languages, *lang) {
		return exitError{code: 2, msg: fmt.Sprintf("--lang %s: the flows speak %s", *lang, strings.Join(set.Languages, ", "))}
	}
	keys, err := bot.NewKeys([]byte(strings.Repeat("chat-", 8)))
	if err != nil {
		return err
	}
	clock := bot.ClockFunc(time.Now)
	ids := bot.NewRandomIDs(nil)
	store := memory.New(clock)
	b := &bot.Bot{Engine: bot.NewEngine(set, bot.NewMessages(env.value("FRONTDOOR_PROGRAM")), ids).WithLang(*lang),
		Store: store, Tips: store, Stats: store, Keys: keys, Clock: clock, IDs: ids}
	interactive := isTerminal(stdin)
	if interactive {
		fmt.Fprintf(stdout, "Chatting with %s as %s. Type a message; Ctrl-D ends.\n", name, *from)
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for n := 1; ; n++ {
		if interactive {
			fmt.Fprint(stdout, "> ")
		}
		if !sc.Scan() || ctx.Err() != nil {
			return sc.Err()
		}
		out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("chat-%d", n), From: *from, Body: sc.Text()})
		printOutcome(stdout, out)
	}
}

func printOutcome(w io.Writer, out bot.Outcome) {
	for _, r := range out.Replies {
		fmt.Fprintf(w, "< %s\n", strings.ReplaceAll(r, "\n", "\n  "))
	}
	for _, e := range out.Effects {
		fmt.Fprintf(w, "  [%s]\n", bot.DescribeEffect(e, bot.Done))
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one command of the binary, or a group of subcommands. The list of commands, every
// usage line and every -h answer are made from this tree; a test walks it, so a command cannot
// be added without help.
type command struct {
	name    string
	args    string // what follows the name on the usage line
	summary string // one line for the list of commands
	help    func() string
	run     func(ctx context.Context, x cli, args []string) error // nil for a group
	subs    []*command
}

// cli is what a command may use of the process.
type cli struct {
	env    environment
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// errHelpShown ends a command that printed its help for -h: the program exits 0.
var errHelpShown = errors.New("help shown")

// commands is the whole command tree.
func commands() *command {
	return &command{name: "frontdoor", summary: "the SMS and chat front door: serve it, try it, check and publish its flows", subs: []*command{
		{name: "serve", args: "[--dev] [--addr HOST:PORT]", summary: "run the front door: webhooks, health, metrics, the console, the outbox worker",
			help: serveHelp, run: func(ctx context.Context, x cli, a []string) error { return runServe(ctx, a, x.env, x.stdout, x.stderr) }},
		{name: "chat", args: "[--lang es] [--flows DIR] [--from NUMBER]", summary: "be a texter in this terminal; prints what would reach staff",
			run: func(ctx context.Context, x cli, a []string) error {
				return runChat(ctx, a, x.env, x.stdin, x.stdout, x.stderr)
			}},
		{name: "flows", summary: "check, draw, test and publish flow files", subs: []*command{
			{name: "lint", args: "[DIR] [--strict]", summary: "check flow files and the transcript tests in DIR/tests (DIR defaults to FRONTDOOR_FLOWS, else the built-in flows)",
				run: func(_ context.Context, x cli, a []string) error { return runLint(a, x.env, x.stdout, x.stderr) }},
			{name: "graph", args: "FLOW [--format mermaid|dot] [--flows DIR]", summary: "draw a flow as a Mermaid or Graphviz diagram",
				run: func(_ context.Context, x cli, a []string) error { return runGraph(a, x.env, x.stdout, x.stderr) }},
			{name: "test", args: "[DIR]", summary: "run the transcript tests in DIR/tests; ends with N passed, N failed",
				run: func(_ context.Context, x cli, a []string) error { return runFlowTests(a, x.env, x.stdout, x.stderr) }},
			{name: "publish", args: "DIR [--author NAME] [--note TEXT]", summary: "lint and test DIR, then publish it to the store (REDIS_URL) as the live version",
				help: envHelp("REDIS_URL", "REDIS_CA_FILE", "FRONTDOOR_SECRET"),
				run:  func(_ context.Context, x cli, a []string) error { return runPublish(a, x.env, x.stdout, x.stderr) }},
		}},
		{name: "console", summary: "the coordinator console's accounts", subs: []*command{
			{name: "hash-password", args: "NAME", summary: "make an accounts-file line for FRONTDOOR_CONSOLE_USERS (the password is read from standard input)",
				run: func(_ context.Context, x cli, a []string) error {
					return runHashPassword(a, x.stdin, x.stdout, x.stderr)
				}},
		}},
		{name: "roster", summary: "the on-call roster", subs: []*command{
			{name: "lint", args: "[FILE]", summary: "check the on-call roster against the flows' queues (FILE defaults to FRONTDOOR_ONCALL)",
				run: func(_ context.Context, x cli, a []string) error { return runRosterLint(a, x.env, x.stdout, x.stderr) }},
		}},
		{name: "tips", summary: "export and purge the tips kept in the store", subs: []*command{
			{name: "export", args: "--since DATE [--format csv|json]", summary: "write the tips filed since DATE to standard output",
				help: tipsHelp, run: func(ctx context.Context, x cli, a []string) error {
					return runTipsExport(ctx, a, x.env, x.stdout, x.stderr)
				}},
			{name: "purge", args: "[--older-than DURATION]", summary: "delete the tips filed longer ago than FRONTDOOR_TIP_RETENTION now",
				help: tipsHelp, run: func(ctx context.Context, x cli, a []string) error {
					return runTipsPurge(ctx, a, x.env, x.stdout, x.stderr)
				}},
		}},
		{name: "campaigns", summary: "campaign words: how often each started a conversation, and printable cards", subs: []*command{
			{name: "report", args: "--since DATE [--until DATE] [--format csv|json]", summary: "write how often each campaign word started its flow, per day; 1 to 4 as <5",
				help: campaignsHelp, run: func(ctx context.Context, x cli, a []string) error {
					return runCampaignReport(ctx, a, x.env, x.stdout, x.stderr)
				}},
			{name: "card", args: "WORD [--format svg|pdf|png] [--to NUMBER] [--line TEXT] [--flows DIR] [-o FILE]",
				summary: "draw the printable card of a campaign word, with its QR code", help: campaignsHelp,
				run: func(_ context.Context, x cli, a []string) error { return runCampaignCard(a, x.env, x.stdout, x.stderr) }},
		}},
		{name: "report", args: "--since DATE [--until DATE] [--by day|week] [--format csv|json]",
			summary: "write the daily counters of a date range, by day or week, to standard output (docs/reporting.md)",
			help:    reportHelp, run: func(ctx context.Context, x cli, a []string) error {
				return runReport(ctx, a, x.env, x.stdout, x.stderr)
			}},
		{name: "webhooks", summary: "the partners' case systems that get tips (FRONTDOOR_WEBHOOKS)", subs: []*command{
			{name: "test", args: "NAME [--dev]", summary: "send a signed test event to destination NAME and print the answer",
				help: webhooksHelp, run: func(ctx context.Context, x cli, a []string) error {
					return runWebhooksTest(ctx, a, x.env, x.stdout, x.stderr)
				}},
		}},
		{name: "loadgen", args: "--self | --url URL [flags]", summary: "send signed webhooks from simulated texters and report the speed (docs/sms.md)",
			run: func(ctx context.Context, x cli, a []string) error {
				return runLoadgen(ctx, a, x.env, x.stdout, x.stderr)
			}},
		{name: "healthcheck", args: "[--addr HOST:PORT] [--path /healthz]", summary: "exit 0 when the front door on this machine answers /healthz (the image's HEALTHCHECK)",
			run: func(ctx context.Context, x cli, a []string) error {
				return runHealthcheck(ctx, a, x.env, x.stdout, x.stderr)
			}},
		{name: "version", summary: "print the version", run: runVersion},
	}}
}

// dispatch runs the command args name, below c.
func (c *command) dispatch(ctx context.Context, x cli, path string, args []string) error {
	if c.run != nil {
		return c.run(ctx, x, args)
	}
	if len(args) == 0 {
		fmt.Fprint(x.stderr, c.usage(path))
		return exitError{code: 2}
	}
	if isHelp(args[0]) {
		fmt.Fprint(x.stdout, c.usage(path))
		return errHelpShown
	}
	sub := c.sub(args[0])
	if sub == nil {
		fmt.Fprintf(x.stderr, "unknown command %q\n\n%s", strings.TrimPrefix(path+" "+args[0], "frontdoor "), c.usage(path))
		return exitError{code: 2}
	}
	return sub.dispatch(ctx, x, path+" "+sub.name, args[1:])
}

func (c *command) sub(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// find returns the command at path ("flows test"), or nil.
func (c *command) find(path string) *command {
	for _, name := range strings.Fields(path)[1:] {
		if c = c.sub(name); c == nil {
			return nil
		}
	}
	return c
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// usage is a command's usage line and summary, or a group's list of commands (every command
// below it, with its arguments).
func (c *command) usage(path string) string {
	var b strings.Builder
	if c.run != nil {
		fmt.Fprintf(&b, "Usage: %s\n\n%s.\n", strings.TrimSpace(path+" "+c.args), capitalise(c.summary))
		return b.String()
	}
	fmt.Fprintf(&b, "Usage: %s <command> [arguments]\n\n%s.\n\nCommands:\n", path, capitalise(c.summary))
	var lines [][2]string
	var walk func(c *command, prefix string)
	walk = func(c *command, prefix string) {
		for _, s := range c.subs {
			if s.run == nil {
				walk(s, prefix+s.name+" ")
				continue
			}
			lines = append(lines, [2]string{strings.TrimSpace(prefix + s.name + " " + s.args), s.summary})
		}
	}
	walk(c, "")
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s\n      %s\n", l[0], l[1])
	}
	fmt.Fprintf(&b, "\nRun %s <command> -h for a command's flags and settings.\n", path)
	return b.String()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// newFlags makes the flag set of the command at path ("flows lint"). A bad flag prints the
// problem and the usage to stderr; parseFlags answers -h.
func newFlags(path string, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(path, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { writeUsage(fl.Output(), fl) }
	return fl
}

// writeUsage writes a command's usage, flags and help text.
func writeUsage(w io.Writer, fl *flag.FlagSet) {
	path := "frontdoor " + fl.Name()
	c := commands().find(path)
	if c == nil {
		fmt.Fprintf(w, "Usage: %s\n", path)
		fl.PrintDefaults()
		return
	}
	fmt.Fprint(w, c.usage(path))
	hasFlags := false
	fl.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		fl.PrintDefaults()
	}
	if c.help != nil {
		fmt.Fprint(w, "\n"+c.help())
	}
}

// parseFlags parses args; -h or --help anywhere before "--" prints the usage to stdout and
// returns errHelpShown, a bad flag returns exit code 2.
func parseFlags(fl *flag.FlagSet, args []string, stdout io.Writer) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			out := fl.Output()
			fl.SetOutput(stdout)
			fl.Usage()
			fl.SetOutput(out)
			return errHelpShown
		}
	}
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	return nil
}

// noArgs parses a command that takes flags only.
func noArgs(fl *flag.FlagSet, args []string, stdout io.Writer) error {
	if err := parseFlags(fl, args, stdout); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError(fl, "unexpected argument %q", fl.Arg(0))
	}
	return nil
}

// usageError says what is wrong with the arguments, then the command's usage, on stderr: exit
// code 2.
func usageError(fl *flag.FlagSet, format string, a ...any) error {
	fmt.Fprintf(fl.Output(), format+"\n\n", a...)
	fl.Usage()
	return exitError{code: 2}
}

func runVersion(_ context.Context, x cli, args []string) error {
	if err := noArgs(newFlags("version", x.stderr), args, x.stdout); err != nil {
		return err
	}
	fmt.Fprintf(x.stdout, "frontdoor %s\n", version)
	return nil
}

package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// DefaultProgram is the program name in HELP and STOP replies when FRONTDOOR_PROGRAM is unset.
const DefaultProgram = "Frontdoor"

func runFlows(args []string, env environment, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, "usage: frontdoor flows lint|graph|test|publish ...\n")
		return exitError{code: 2}
	}
	switch args[0] {
	case "lint":
		return runLint(args[1:], env, stdout, stderr)
	case "graph":
		return runGraph(args[1:], env, stdout, stderr)
	case "test":
		return runFlowTests(args[1:], env, stdout, stderr)
	case "publish":
		return runPublish(args[1:], env, stdout, stderr)
	}
	fmt.Fprintf(stderr, "unknown flows command %q: use lint, graph, test or publish\n", args[0])
	return exitError{code: 2}
}

// flowsFolder returns the folder to read: the argument, FRONTDOOR_FLOWS, or the built-in flows.
func flowsFolder(dir string, env environment) (fs.FS, string) {
	if dir == "" {
		dir = env("FRONTDOOR_FLOWS")
	}
	if dir == "" {
		return flows.Builtin(), "built-in flows"
	}
	return os.DirFS(dir), dir
}

// loadFlows reads and validates a flows folder with the global keywords reserved.
func loadFlows(fsys fs.FS) (*flows.Set, flows.Problems) {
	return flows.Load(fsys, bot.FlowOptions())
}

func runLint(args []string, env environment, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("flows lint", flag.ContinueOnError)
	fl.SetOutput(stderr)
	strict := fl.Bool("strict", false, "fail on warnings too")
	dir, err := parseWithArg(fl, args)
	if err != nil {
		return exitError{code: 2}
	}
	fsys, name := flowsFolder(dir, env)
	_, probs := loadFlows(fsys)
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	errs, warns := len(probs.Errors()), len(probs.Warnings())
	fmt.Fprintf(stdout, "%s: %d errors, %d warnings\n", name, errs, warns)
	if errs > 0 || (*strict && warns > 0) {
		return exitError{code: 1}
	}
	return nil
}

func runFlowTests(args []string, env environment, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("flows test", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir, err := parseWithArg(fl, args)
	if err != nil {
		return exitError{code: 2}
	}
	fsys, name := flowsFolder(dir, env)
	set, probs := loadFlows(fsys)
	if set == nil {
		fmt.Fprintln(stdout, probs.Error())
		return exitError{code: 1, msg: name + ": the flows have errors; run frontdoor flows lint"}
	}
	ts, err := transcript.ReadDir(fsys, "tests")
	if err != nil {
		return exitError{code: 1, msg: "cannot read the transcript tests: " + err.Error()}
	}
	if len(ts) == 0 {
		return exitError{code: 1, msg: name + ": no transcript tests in tests/"}
	}
	r := &transcript.Runner{Flows: set, Messages: bot.NewMessages(env.get("FRONTDOOR_PROGRAM", DefaultProgram)),
		NewStore: func(c bot.Clock) bot.Store { return memory.New(c) }}
	var results []transcript.Result
	for _, t := range ts {
		results = append(results, r.Run(t))
	}
	if transcript.Report(stdout, results) > 0 {
		return exitError{code: 1}
	}
	return nil
}

func runGraph(args []string, env environment, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("flows graph", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "mermaid", "mermaid or dot")
	dir := fl.String("flows", "", "the flows folder (default FRONTDOOR_FLOWS, else the built-in flows)")
	name, err := parseWithArg(fl, args)
	if err != nil || name == "" {
		fmt.Fprintln(stderr, "usage: frontdoor flows graph FLOW [--format mermaid|dot] [--flows DIR]")
		return exitError{code: 2}
	}
	fsys, _ := flowsFolder(*dir, env)
	set, probs := loadFlows(fsys)
	if set == nil {
		fmt.Fprintln(stdout, probs.Error())
		return exitError{code: 1, msg: "the flows have errors; run frontdoor flows lint"}
	}
	f, ok := set.Flow(name)
	if !ok {
		var names []string
		for _, f := range set.Flows() {
			names = append(names, f.Name)
		}
		return exitError{code: 1, msg: fmt.Sprintf("no flow %q; the flows are %s", name, strings.Join(names, ", "))}
	}
	out, err := flows.Graph(set, f, *format)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	fmt.Fprint(stdout, out)
	return nil
}

// parseWithArg parses flags that may come before or after one positional argument.
func parseWithArg(fl *flag.FlagSet, args []string) (string, error) {
	if err := fl.Parse(args); err != nil {
		return "", err
	}
	arg := fl.Arg(0)
	if fl.NArg() > 1 {
		if err := fl.Parse(fl.Args()[1:]); err != nil {
			return "", err
		}
		if fl.NArg() > 0 {
			fmt.Fprintf(fl.Output(), "unexpected argument %q\n", fl.Arg(0))
			return "", fmt.Errorf("too many arguments")
		}
	}
	return arg, nil
}

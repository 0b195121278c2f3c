package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// DefaultProgram is the program name in HELP and STOP replies when FRONTDOOR_PROGRAM is unset.
const DefaultProgram = "Frontdoor"

// flowsFolder returns the folder to read: the argument, FRONTDOOR_FLOWS, or the built-in flows.
func flowsFolder(dir string, env environment) (fs.FS, string) {
	fsys, name, _ := openFlowsFolder(dir, env)
	return fsys, name
}

// openFlowsFolder is flowsFolder with an error, exit code 2, that names the folder (and the
// variable it came from) when it is not one.
func openFlowsFolder(dir string, env environment) (fs.FS, string, error) {
	from := ""
	if dir == "" {
		dir, from = env.value("FRONTDOOR_FLOWS"), "FRONTDOOR_FLOWS="
	}
	if dir == "" {
		return flows.Builtin(), "built-in flows", nil
	}
	if msg := folderProblem(dir); msg != "" {
		return nil, dir, exitError{code: 2, msg: fmt.Sprintf("%s%s: %s; give a folder of flow files", from, dir, msg)}
	}
	return os.DirFS(dir), dir, nil
}

// loadFlows reads and validates a flows folder with the global keywords reserved.
func loadFlows(fsys fs.FS) (*flows.Set, flows.Problems) {
	return flows.Load(fsys, bot.FlowOptions())
}

// openFlowSet opens the flows folder (dir, else FRONTDOOR_FLOWS, else the built-in flows) and
// loads its flows; when they have errors it writes them to w and fails with exit code 1.
// name says which folder it is, for messages.
func openFlowSet(dir string, env environment, w io.Writer) (set *flows.Set, fsys fs.FS, name string, err error) {
	fsys, name, err = openFlowsFolder(dir, env)
	if err != nil {
		return nil, nil, "", err
	}
	set, probs := loadFlows(fsys)
	if set == nil {
		fmt.Fprintln(w, probs.Error())
		return nil, nil, "", exitError{code: 1, msg: name + ": the flows have errors; run frontdoor flows lint"}
	}
	return set, fsys, name, nil
}

// lintFolder is what flows lint reports: the flow files' problems, then the transcript tests'.
func lintFolder(fsys fs.FS) flows.Problems {
	set, probs := loadFlows(fsys)
	return append(probs, transcript.Lint(fsys, flows.TestsDir, set)...)
}

// readTranscripts reads the transcript tests of a folder, writing their problems to w; it fails
// when one does not read, or there are none.
func readTranscripts(fsys fs.FS, w io.Writer) ([]*transcript.Transcript, error) {
	ts, res := transcript.ReadAll(fsys, flows.TestsDir)
	for _, p := range res.Problems {
		fmt.Fprintln(w, p)
	}
	if n := len(res.Errors()); n > 0 {
		return nil, fmt.Errorf("%s in the transcript tests; run frontdoor flows lint", yamlpos.Count(n, "error"))
	}
	if len(ts) == 0 {
		return nil, errors.New("no transcript tests in tests/: add at least one")
	}
	return ts, nil
}

func runLint(args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("flows lint", stderr)
	strict := fl.Bool("strict", false, "fail on warnings too")
	dir, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	fsys, name, err := openFlowsFolder(dir, env)
	if err != nil {
		return err
	}
	probs := lintFolder(fsys)
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "%s: %s\n", name, probs.Summary())
	if len(probs.Errors()) > 0 || (*strict && len(probs.Warnings()) > 0) {
		return exitError{code: 1}
	}
	return nil
}

func runFlowTests(args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("flows test", stderr)
	dir, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	set, fsys, name, err := openFlowSet(dir, env, stdout)
	if err != nil {
		return err
	}
	ts, err := readTranscripts(fsys, stdout)
	if err != nil {
		return exitError{code: 1, msg: name + ": " + err.Error()}
	}
	r := &transcript.Runner{Flows: set, Messages: bot.NewMessages(env.value("FRONTDOOR_PROGRAM")),
		NewStore: scratchStores}
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
	fl := newFlags("flows graph", stderr)
	format := fl.String("format", "mermaid", "mermaid or dot")
	dir := fl.String("flows", "", "the flows folder (default FRONTDOOR_FLOWS, else the built-in flows)")
	name, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	if name == "" {
		return usageError(fl, "the name of the flow to draw is missing")
	}
	fsys, _, err := openFlowsFolder(*dir, env)
	if err != nil {
		return err
	}
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

// parseWithArg parses flags that may come before or after one positional argument. It answers
// -h like parseFlags; other errors are exit code 2.
func parseWithArg(fl *flag.FlagSet, args []string, stdout io.Writer) (string, error) {
	if err := parseFlags(fl, args, stdout); err != nil {
		return "", err
	}
	arg := fl.Arg(0)
	if fl.NArg() > 1 {
		if err := fl.Parse(fl.Args()[1:]); err != nil {
			return "", exitError{code: 2}
		}
		if fl.NArg() > 0 {
			return "", usageError(fl, "unexpected argument %q", fl.Arg(0))
		}
	}
	return arg, nil
}

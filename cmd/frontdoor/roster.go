package main

import (
	"fmt"
	"io"
	iofs "io/fs"
	"os"

	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/flows"
)

func runRosterLint(args []string, env environment, stdout, stderr io.Writer) error {
	arg, err := parseWithArg(newFlags("roster lint", stderr), args, stdout)
	if err != nil {
		return err
	}
	file := env.value("FRONTDOOR_ONCALL")
	if arg != "" {
		file = arg
	}
	if file == "" {
		return exitError{code: 2, msg: "no roster: give a file or set FRONTDOOR_ONCALL"}
	}
	ro, probs := loadRoster(file)
	if ro != nil {
		if set, _ := loadFlows(flowsFolderFS(env)); set != nil {
			probs = append(probs, ro.CheckQueues(handoffQueues(set))...)
		}
	}
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "%s: %s\n", file, probs.Summary())
	if len(probs.Errors()) > 0 {
		return exitError{code: 1}
	}
	return nil
}

// loadRoster reads and checks the roster file.
func loadRoster(file string) (*roster.Roster, flows.Problems) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, flows.Problems{{Pos: flows.Pos{File: file}, Msg: "cannot read the roster: " + err.Error()}}
	}
	return roster.Read(file, data)
}

func flowsFolderFS(env environment) iofs.FS { f, _ := flowsFolder("", env); return f }

// handoffQueues lists the queues the flows hand off to, with the file and state that names each,
// and the queue texters in danger are handed to (words.yaml's person_queue).
func handoffQueues(set *flows.Set) map[string]string {
	used := map[string]string{}
	if q := set.PersonQueue(); q != "" {
		used[q] = flows.LexiconFile + ", person_queue"
	}
	for _, f := range set.Flows() {
		for _, name := range f.Order {
			if h := f.States[name].Handoff; h != nil {
				used[h.Queue] = f.File + ", state " + name
			}
		}
	}
	return used
}

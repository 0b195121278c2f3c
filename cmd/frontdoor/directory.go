package main

import (
	"fmt"
	"io"
	"os"

	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/flows"
)

func runDirectoryLint(args []string, env environment, stdout, stderr io.Writer) error {
	arg, err := parseWithArg(newFlags("directory lint", stderr), args, stdout)
	if err != nil {
		return err
	}
	file := env.value("FRONTDOOR_DIRECTORY")
	if arg != "" {
		file = arg
	}
	if file == "" {
		return exitError{code: 2, msg: "no directory: give a file or set FRONTDOOR_DIRECTORY"}
	}
	d, probs := loadDirectory(file)
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	n := 0
	if d != nil {
		n = len(d.Providers)
	}
	fmt.Fprintf(stdout, "%s: %d providers, %s\n", file, n, probs.Summary())
	if len(probs.Errors()) > 0 {
		return exitError{code: 1}
	}
	return nil
}

// loadDirectory reads and checks the partner directory file.
func loadDirectory(file string) (*directory.Directory, flows.Problems) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, flows.Problems{{Pos: flows.Pos{File: file}, Msg: "cannot read the partner directory: " + err.Error()}}
	}
	return directory.Read(file, data)
}

// openDirectory reads FRONTDOOR_DIRECTORY for serve: nil when it is not set; an error (serve
// does not start) when it does not read cleanly.
func openDirectory(cfg Config) (*directory.Directory, error) {
	if cfg.Directory == "" {
		return nil, nil
	}
	d, probs := loadDirectory(cfg.Directory)
	if d == nil || len(probs.Errors()) > 0 {
		return nil, fmt.Errorf("FRONTDOOR_DIRECTORY: the partner directory has errors; run frontdoor directory lint:\n%s", probs.Error())
	}
	return d, nil
}

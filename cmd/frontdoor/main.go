// Command frontdoor is the one Frontdoor binary: serve the SMS and Slack front door, chat with the
// flows in a terminal, lint, graph and test flows, export and purge tips, and show the version.
//
// Imports: everything it wires (bot and its subpackages, flows, every integration, internal/card,
// internal/loopback); nothing imports it. It is the only package that reads the environment
// (internal/layers enforces it): configuration reaches the other packages as values.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // roster time zones and FRONTDOOR_TIMEZONE work in images without a zone database
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				fmt.Fprintln(os.Stderr, "frontdoor:", ee.msg)
			}
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "frontdoor:", err)
		os.Exit(1)
	}
}

// exitError ends the program with a code; msg may be empty when the output already said why.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	x := cli{env: environment(getenv), stdin: stdin, stdout: stdout, stderr: stderr}
	root := commands()
	rest := args[1:]
	switch {
	case len(rest) > 0 && (rest[0] == "--version" || rest[0] == "-v"):
		rest = []string{"version"}
	case len(rest) > 1 && rest[0] == "help": // help flows test = flows test -h
		rest = append(rest[1:], "-h")
	}
	err := root.dispatch(ctx, x, "frontdoor", rest)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

// environment reads variables through getenv; only cmd reads the environment.
type environment func(string) string

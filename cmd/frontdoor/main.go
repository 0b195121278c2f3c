// Command frontdoor is the one Frontdoor binary: serve the SMS and Slack front door, chat with the
// flows in a terminal, lint, graph and test flows, export and purge tips, and show the version.
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

const usage = `Usage: frontdoor <command> [arguments]

Commands:
  serve [--dev]         run the front door (see docs/sms.md for its configuration)
  loadgen               send signed webhooks from simulated texters and report the speed
  chat [--lang es]      be a texter in this terminal
  flows lint [DIR]      check flow files (DIR defaults to FRONTDOOR_FLOWS, else the built-in flows)
  flows graph FLOW      draw a flow as a Mermaid or Graphviz diagram
  flows test [DIR]      run the transcript tests in DIR/tests
  flows publish DIR     lint and test DIR, then publish it to the store (REDIS_URL) as the live version
  console hash-password NAME   make an accounts-file line for the coordinator console (password on stdin)
  roster lint [FILE]    check the on-call roster (FILE defaults to FRONTDOOR_ONCALL)
  tips export --since DATE [--format csv|json]   write the tips filed since DATE (REDIS_URL, FRONTDOOR_SECRET)
  tips purge [--older-than DURATION]             delete tips older than FRONTDOOR_TIP_RETENTION now
  healthcheck           exit 0 when the front door on this machine answers /healthz
  version               print the version
`

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return exitError{code: 2}
	}
	env := environment(getenv)
	switch cmd, rest := args[1], args[2:]; cmd {
	case "serve":
		return runServe(ctx, rest, env, stderr)
	case "loadgen":
		return runLoadgen(ctx, rest, env, stdout, stderr)
	case "chat":
		return runChat(ctx, rest, env, stdin, stdout, stderr)
	case "flows":
		return runFlows(rest, env, stdout, stderr)
	case "roster":
		return runRoster(rest, env, stdout, stderr)
	case "tips":
		return runTips(ctx, rest, env, stdout, stderr)
	case "console":
		return runConsole(rest, stdin, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, rest, env, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "frontdoor %s\n", version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return exitError{code: 2}
	}
}

// environment reads variables through getenv; only cmd reads the environment.
type environment func(string) string

func (e environment) get(key, fallback string) string {
	if v := e(key); v != "" {
		return v
	}
	return fallback
}

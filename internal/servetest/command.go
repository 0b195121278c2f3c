package servetest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// Output is what a finished command printed, and its exit status.
type Output struct {
	Code   int
	Stdout string
	Stderr string
}

// Run runs `frontdoor ARGS...` (report, console hash-password, ...) as a process with env (and
// PATH), stdin as its standard input, and waits for it to end.
func Run(t testing.TB, bin string, env map[string]string, stdin string, args ...string) Output {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = environ(env)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = childAttr()
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("servetest: cannot run frontdoor %s: %v", strings.Join(args, " "), err)
	}
	return Output{Code: cmd.ProcessState.ExitCode(), Stdout: stdout.String(), Stderr: stderr.String()}
}

// environ is env as KEY=value lines, in a stable order, after this process's PATH.
func environ(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out[1:])
	return out
}

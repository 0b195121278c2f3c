// Package servetest runs real `frontdoor serve` processes for end-to-end, fault and browser
// tests: it builds the binary, starts replicas with an environment and arguments, waits until
// they are ready, kills (SIGKILL, as a crash), stops (SIGTERM, as a deploy) and restarts them, and
// keeps each one's log. It also runs one-shot commands (report, console hash-password) as
// processes (command.go), and signs requests as Twilio and Slack do (wire.go), so tests talk to
// the replicas as the providers would. Everything stays on loopback.
//
// Imports: integrations/twilio, slackfake and twiliotest. A test-support package: no production
// package may import it (internal/layers).
package servetest

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// Build builds cmd/frontdoor into the test's temporary folder and returns the binary's path.
// It builds in the project's module, with its go.mod, also when the test runs in another module
// that replaces it (browser/). The Go build cache makes every build after the first a link.
func Build(t testing.TB) string {
	t.Helper()
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	bin := filepath.Join(t.TempDir(), "frontdoor")
	build := exec.Command("go", "build", "-o", bin, module+"/cmd/frontdoor")
	build.Dir = strings.TrimSpace(string(root))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

const module = "github.com/nhttf/frontdoor"

// Replica is one `frontdoor serve` process. Its methods are safe for concurrent use.
type Replica struct {
	t    testing.TB
	bin  string
	env  map[string]string
	args []string

	mu      sync.Mutex
	cmd     *exec.Cmd
	logs    *Log
	base    string
	done    chan struct{} // closed when the process has exited
	exitErr error         // what the last exit returned, read after done is closed
}

// Start runs `serve` with args (`--dev`, ...), env (and PATH) and waits until it listens and
// /readyz answers 200. FRONTDOOR_ADDR defaults to 127.0.0.1:0. The process is stopped when the
// test ends.
func Start(t testing.TB, bin string, env map[string]string, args ...string) *Replica {
	t.Helper()
	r := &Replica{t: t, bin: bin, env: env, args: args}
	r.start()
	t.Cleanup(r.Stop)
	return r
}

func (r *Replica) start() {
	r.t.Helper()
	cmd := exec.Command(r.bin, append([]string{"serve"}, r.args...)...)
	cmd.Env = append([]string{"FRONTDOOR_ADDR=127.0.0.1:0"}, environ(r.env)...)
	logs := &Log{}
	cmd.Stderr = logs
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		r.t.Fatalf("servetest: cannot start serve: %v", err)
	}
	done := make(chan struct{})
	go func() {
		err := cmd.Wait()
		r.mu.Lock()
		r.exitErr = err
		r.mu.Unlock()
		close(done)
	}()
	r.mu.Lock()
	r.cmd, r.logs, r.base, r.done = cmd, logs, "", done
	r.mu.Unlock()
	client := &http.Client{Transport: twiliotest.LoopbackOnly{}, Timeout: 2 * time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-done:
			r.t.Fatalf("servetest: serve exited at start:\n%s", logs)
		default:
		}
		if base := ListeningAddr(logs.String()); base != "" {
			if resp, err := client.Get(base + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					r.mu.Lock()
					r.base = base
					r.mu.Unlock()
					return
				}
			}
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("servetest: serve did not become ready in 20s:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Base is the replica's http://host:port, "" while it is not running.
func (r *Replica) Base() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return ""
	}
	return r.base
}

// Alive reports whether the process runs.
func (r *Replica) Alive() bool { return r.Base() != "" }

// PID is the process id, 0 when not running.
func (r *Replica) PID() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return 0
	}
	return r.cmd.Process.Pid
}

// Logs is everything the replica wrote to stderr (JSON lines), over all its restarts.
func (r *Replica) Logs() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.logs.String()
}

// Kill ends the process at once, as a crash would, and waits for it; a no-op when stopped.
func (r *Replica) Kill() { r.end(syscall.SIGKILL) }

// Stop sends SIGTERM, as a deploy does, and waits until the process has drained and exited.
func (r *Replica) Stop() { r.end(syscall.SIGTERM) }

func (r *Replica) end(sig syscall.Signal) {
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.cmd = nil
	r.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// StopErr stops the replica as Stop does and returns how it exited: nil for status 0, the
// *exec.ExitError otherwise.
func (r *Replica) StopErr() error {
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	r.Stop()
	if done == nil {
		return nil
	}
	<-done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.exitErr
}

// DevPassword is the console password a `serve --dev` replica logged, "" when there is none.
func (r *Replica) DevPassword() string {
	m := devPassword.FindStringSubmatch(r.Logs())
	if m == nil {
		return ""
	}
	return m[1]
}

var devPassword = regexp.MustCompile(`sign in as dev with password ([0-9a-f]+) `)

// Restart starts a stopped or killed replica again with the same environment (on a new port)
// and waits until it is ready. Its new log is appended to the old one.
func (r *Replica) Restart() {
	r.t.Helper()
	r.mu.Lock()
	old := r.logs
	r.mu.Unlock()
	r.start()
	r.mu.Lock()
	r.logs.Prepend(old.String())
	r.mu.Unlock()
}

// ListeningAddr finds the "listening" line of a serve log and returns its http:// base URL.
func ListeningAddr(logs string) string {
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	base := ""
	for sc.Scan() {
		var rec struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "listening" {
			base = "http://" + rec.Addr // the last one: a restart appends
		}
	}
	return base
}

// Log is a log sink safe for concurrent writes (a restarted process's log comes after the
// earlier ones: Prepend).
type Log = bottest.LogBuffer

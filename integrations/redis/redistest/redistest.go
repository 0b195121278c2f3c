// Package redistest gives tests a real Redis: a private redis-server on a free loopback port
// with its own temporary folder, or the one REDIS_URL names. When neither is available, tests
// skip with a message saying so, or fail when the CI environment variable is set.
//
// Imports: no package of the module. A test-support package: tests import it, no production
// package may (internal/layers). Being test support, it may read the environment (REDIS_URL, CI).
package redistest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Server is a private redis-server that the test can stop and start again.
type Server struct {
	t      testing.TB
	port   int
	dir    string
	scheme string                  // redis, rediss, redis+cluster or redis+sentinel
	query  string                  // added to the URL
	args   func(port int) []string // what makes this server special; a config file comes first
	tls    bool
	// persistent keeps an append-only file in dir, so a restart finds the data again.
	persistent bool

	mu  sync.Mutex
	cmd *exec.Cmd
	out *bytes.Buffer
}

// URL returns a Redis URL for the test: REDIS_URL when it is set (tests must then keep to their
// own key prefix), otherwise a private server's.
func URL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return Start(t).URL()
}

// Start starts a private redis-server that the test stops at its end. It needs the
// redis-server binary on PATH.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, &Server{scheme: "redis", args: func(port int) []string { return []string{"--port", strconv.Itoa(port)} }})
}

// StartPersistent starts a private redis-server that writes every change to its append-only
// file before answering (appendfsync always), so that Stop (a kill) and Restart lose nothing,
// as a production Redis with AOF would lose at most a second.
func StartPersistent(t testing.TB) *Server {
	t.Helper()
	return start(t, &Server{scheme: "redis", persistent: true, args: func(port int) []string {
		return []string{"--port", strconv.Itoa(port)}
	}})
}

func start(t testing.TB, s *Server) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		unavailable(t, "no redis-server on PATH (install it, e.g. apt-get install redis-server, or set REDIS_URL)")
	}
	s.t, s.dir = t, t.TempDir()
	var err error
	for try := 0; try < 5; try++ {
		if s.port, err = freePort(); err == nil {
			if err = s.start(); err == nil {
				break
			}
		}
	}
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("redistest: Redis is required in CI: %s", why)
	}
	t.Skipf("redistest: skipping a test that needs Redis: %s", why)
}

// URL is the server's redis:// URL.
func (s *Server) URL() string { return s.scheme + "://" + s.Addr() + s.query }

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Stop kills the server (as a crash would) and waits for it; it is a no-op when stopped.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts the server again on the same port: empty, or, for StartPersistent, with
// everything it had.
func (s *Server) Restart() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("redistest: %v", err)
	}
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out = &bytes.Buffer{}
	aof := []string{"--appendonly", "no"}
	if s.persistent {
		aof = []string{"--appendonly", "yes", "--appendfsync", "always"}
	}
	args := append(s.args(s.port), "--bind", "127.0.0.1", "--dir", s.dir, "--save", "")
	args = append(append(args, aof...), "--daemonize", "no", "--logfile", "")
	cmd := exec.Command("redis-server", args...)
	cmd.Stdout, cmd.Stderr = s.out, s.out
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot start redis-server: %w", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ping(s.Addr(), s.tls) {
			s.cmd = cmd
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return fmt.Errorf("redis-server on port %d did not answer PING:\n%s", s.port, s.out)
}

func ping(addr string, useTLS bool) bool {
	var c net.Conn
	var err error
	d := &net.Dialer{Timeout: 200 * time.Millisecond}
	if useTLS {
		// Only asks whether the server is up; the tests themselves verify certificates.
		c, err = tls.DialWithDialer(d, "tcp", addr, &tls.Config{InsecureSkipVerify: true})
	} else {
		c, err = d.Dial("tcp", addr)
	}
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && line == "+PONG\r\n"
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

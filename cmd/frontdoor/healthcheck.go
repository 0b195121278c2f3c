package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealthcheck asks a running front door on this machine for /healthz and exits 0 when it
// answers 200. It is the container's HEALTHCHECK: distroless images have no curl or shell.
func runHealthcheck(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("healthcheck", stderr)
	addr := fl.String("addr", "", "the server's listen address (default FRONTDOOR_ADDR, else :8080)")
	path := fl.String("path", "/healthz", "the path to ask")
	if err := noArgs(fl, args, stdout); err != nil {
		return err
	}
	if *addr == "" {
		*addr = env.value("FRONTDOOR_ADDR")
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return exitError{code: 2, msg: fmt.Sprintf("%q is not host:port", *addr)}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+*path, nil)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return exitError{code: 1, msg: "unhealthy: " + err.Error()}
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return exitError{code: 1, msg: fmt.Sprintf("unhealthy: %s answered %d", *path, resp.StatusCode)}
	}
	fmt.Fprintln(stdout, "healthy")
	return nil
}

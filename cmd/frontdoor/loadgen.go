package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhttf/frontdoor/integrations/web"
	"github.com/nhttf/frontdoor/internal/loopback"
)

// loadgenFlags are the load generator's settings.
type loadgenFlags struct {
	url, publicURL, token string
	self, bare, remote    bool
	webchat               bool // load the web chat (loadgen_chat.go) instead of the SMS webhook
	flood                 int  // --webchat: connections of one visitor sending as fast as answered
	texters               int
	duration, warmup      time.Duration
	max                   int64
	rate                  float64
	cpuprofile            string
	redisURL              string // --self: REDIS_URL, or "" for the in-memory store
}

// runLoadgen sends signed webhooks from simulated texters walking the built-in flows, prints a
// progress line each second and a final report. --self serves Frontdoor in this process (on
// REDIS_URL when set, else the memory store); --bare also loads a bare Echo handler the same way and reports the ratio.
func runLoadgen(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	f, err := parseLoadgen(args, env, stdout, stderr)
	if err != nil {
		return err
	}
	// The generator's own garbage collection competes with the server for the same cores; a
	// laxer GC keeps the load generator's share of the machine small. It does not touch --self's
	// server beyond sharing the process (say so when reading --self figures).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if f.cpuprofile != "" {
		stop, err := startProfile(f.cpuprofile)
		if err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
		defer stop()
	}
	front, closeFront, err := f.frontdoorTarget(ctx)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	defer closeFront()
	pace := "each texter sends as soon as answered"
	if f.rate > 0 {
		pace = fmt.Sprintf("paced at %.0f msg/s in all", f.rate)
	}
	where := front.smsURL
	if f.webchat {
		where = front.chatURL
	}
	fmt.Fprintf(stdout, "loadgen: %d texters, %s, for %s (after %s warm-up) against %s\n", f.texters, pace, f.duration, f.warmup, where)
	results := []result{load(ctx, f, front, stderr)}
	if f.bare {
		bare, closeBare, err := serveLocal(ctx, web.Bare())
		if err != nil {
			return exitError{code: 1, msg: err.Error()}
		}
		defer closeBare()
		results = append(results, load(ctx, f, f.newTarget("bare", bare, bare), stderr))
	}
	return report(stdout, results)
}

func parseLoadgen(args []string, env environment, stdout, stderr io.Writer) (loadgenFlags, error) {
	f := loadgenFlags{redisURL: env("REDIS_URL")}
	fl := newFlags("loadgen", stderr)
	fl.StringVar(&f.url, "url", "", "base URL of a running front door, e.g. http://127.0.0.1:8080")
	fl.StringVar(&f.publicURL, "public-url", "", "the URL signatures are made for (default FRONTDOOR_PUBLIC_URL, else --url)")
	fl.StringVar(&f.token, "token", env("TWILIO_AUTH_TOKEN"), "Twilio auth token to sign with (default TWILIO_AUTH_TOKEN)")
	fl.BoolVar(&f.self, "self", false, "serve Frontdoor in this process (signatures on; the store REDIS_URL names, else in memory) and load it")
	fl.BoolVar(&f.bare, "bare", false, "also load a bare Echo handler with fixed TwiML, and report the ratio")
	fl.BoolVar(&f.remote, "allow-remote", false, "allow a target that is not on this machine")
	fl.IntVar(&f.texters, "texters", 1000, "simulated texters, each one message at a time")
	fl.DurationVar(&f.duration, "duration", 20*time.Second, "how long to measure each target")
	fl.DurationVar(&f.warmup, "warmup", 2*time.Second, "load before measuring, not counted")
	fl.Int64Var(&f.max, "max", 5_000_000, "stop after this many messages per target")
	fl.Float64Var(&f.rate, "rate", 0, "total messages/s, paced over the texters (latency from each message's due time); 0: as fast as answered")
	fl.BoolVar(&f.webchat, "webchat", false, "load the web chat: visitors each with a poll open, walking the flows (paced: --rate, default one message per visitor per 2 s)")
	fl.IntVar(&f.flood, "flood", 0, "with --webchat: add one visitor sending as fast as answered on this many connections")
	fl.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile of this process (with --self: server and load)")
	if err := noArgs(fl, args, stdout); err != nil {
		return f, err
	}
	if f.publicURL == "" {
		f.publicURL = env("FRONTDOOR_PUBLIC_URL")
	}
	switch {
	case f.self == (f.url != ""):
		return f, exitError{code: 2, msg: "loadgen: give --url of a running front door, or --self"}
	case f.texters <= 0 || f.duration <= 0 || f.duration > time.Hour:
		return f, exitError{code: 2, msg: "loadgen: --texters must be positive and --duration at most 1h"}
	case f.webchat && f.bare:
		return f, exitError{code: 2, msg: "loadgen: --bare compares the SMS webhook; leave it out with --webchat"}
	case f.flood > 0 && !f.webchat:
		return f, exitError{code: 2, msg: "loadgen: --flood needs --webchat"}
	case f.webchat && f.rate == 0:
		f.rate = float64(f.texters) / 2
	}
	switch {
	case !f.self && !f.webchat && f.token == "":
		return f, exitError{code: 2, msg: "loadgen: set --token or TWILIO_AUTH_TOKEN (a --dev server accepts any)"}
	}
	return f, nil
}

// frontdoorTarget is the running front door at --url, or one served here with --self.
func (f *loadgenFlags) frontdoorTarget(ctx context.Context) (*target, func(), error) {
	if !f.self {
		u, err := url.Parse(f.url)
		if err != nil || u.Host == "" {
			return nil, nil, fmt.Errorf("--url %q is not a URL", f.url)
		}
		if !f.remote && !loopback.Host(u.Hostname()) {
			return nil, nil, errors.New("loadgen only loads this machine (loopback); pass --allow-remote to load another")
		}
		public := f.publicURL
		if public == "" {
			public = f.url
		}
		return f.newTarget("frontdoor", f.url, public), func() {}, nil
	}
	return f.selfTarget(ctx)
}

func (f *loadgenFlags) newTarget(name, base, public string) *target {
	conns := f.texters
	if f.webchat {
		conns = 2*f.texters + f.flood // a poll and a send each
	}
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute,
		DisableCompression: true}
	var rt http.RoundTripper = tr
	if !f.remote {
		rt = loopback.Only{Base: tr, Who: "loadgen"}
	}
	return &target{name: name, smsURL: base + "/twilio/sms", signedURL: public + "/twilio/sms", token: f.token,
		client: &http.Client{Transport: rt, Timeout: 10 * time.Second}, chatURL: base + "/chat/api",
		pollClient: &http.Client{Transport: rt, Timeout: time.Minute}}
}

// load runs the texters against t: a warm-up, then the measured run, with a progress line a second.
func load(ctx context.Context, f loadgenFlags, t *target, progress io.Writer) result {
	if f.webchat { // the polls stay open across the warm-up and the run
		c := &chatStats{}
		mctx, cancel := context.WithTimeout(ctx, f.warmup+f.duration)
		defer cancel()
		st := &workerStats{started: time.Now().Add(f.warmup), texters: f.texters, after: time.Now().Add(f.warmup)}
		runVisitors(mctx, f, t, st, c, progress)
		r := st.result(t.name, f.texters)
		r.chat = c
		return r
	}
	if f.warmup > 0 {
		wctx, cancel := context.WithTimeout(ctx, f.warmup)
		runTexters(wctx, f, t, &workerStats{texters: f.texters}, nil)
		cancel()
	}
	mctx, cancel := context.WithTimeout(ctx, f.duration)
	defer cancel()
	st := &workerStats{started: time.Now(), texters: f.texters}
	runTexters(mctx, f, t, st, progress)
	return st.result(t.name, f.texters)
}

func runTexters(ctx context.Context, f loadgenFlags, t *target, st *workerStats, progress io.Writer) {
	var budget atomic.Int64
	budget.Store(f.max)
	var interval time.Duration
	if f.rate > 0 {
		interval = time.Duration(float64(f.texters) / f.rate * float64(time.Second))
	}
	var wg sync.WaitGroup
	for i := range f.texters {
		wg.Go(func() { (&texter{id: i, t: t, budget: &budget, stats: st, interval: interval}).run(ctx) })
	}
	if progress != nil {
		go showProgress(ctx, t.name, st, progress)
	}
	wg.Wait()
}

func showProgress(ctx context.Context, name string, st *workerStats, w io.Writer) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var last int64
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			n := st.done.Load()
			fmt.Fprintf(w, "loadgen: %-9s %5.0fs %9d msgs %7d msg/s  errors %d\n", name,
				time.Since(st.started).Seconds(), n, n-last, st.errors.Load())
			last = n
		}
	}
}

// serveLocal serves h on a loopback port until the returned func is called.
func serveLocal(ctx context.Context, h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

func report(w io.Writer, results []result) error {
	fmt.Fprintln(w, "loadgen: results")
	for _, r := range results {
		r.print(w)
		if r.chat != nil {
			r.chat.print(w)
		}
	}
	if len(results) == 2 && results[1].rate() > 0 {
		fmt.Fprintf(w, "ratio     frontdoor/bare = %.2f\n", results[0].rate()/results[1].rate())
	}
	if results[0].errors > 0 {
		return exitError{code: 1, msg: fmt.Sprintf("%d requests failed", results[0].errors)}
	}
	return nil
}

func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

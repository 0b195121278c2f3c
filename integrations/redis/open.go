package redis

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// Defaults of Options.
const (
	DefaultPrefix        = "fd"
	DefaultSessionTTL    = 72 * time.Hour
	DefaultDedupeTTL     = 24 * time.Hour
	DefaultDeadLetterTTL = 7 * 24 * time.Hour
	// DefaultTimeout bounds each store call, and each dial, read and write under it, so that with
	// Redis unreachable an inbound message still gets the fail-safe reply well within a second
	// (Load and Commit are one call each).
	DefaultTimeout = 400 * time.Millisecond
)

// Options configure a Store. Keys is required; zero values take the defaults.
type Options struct {
	Keys   *bot.Keys // seals everything personal that is stored
	Clock  bot.Clock // for dedupe expiry and retry times; default: the system clock
	Prefix string    // first part of every key; default DefaultPrefix
	// Shards is the number of hash tags the data is spread over (and of outbox streams); default
	// bot.DefaultShards. It is fixed for the life of the data: New refuses a different value.
	Shards        int
	SessionTTL    time.Duration // a session lives this long after its last write
	DedupeTTL     time.Duration // how long a handled message id is remembered
	DeadLetterTTL time.Duration // how long dead letters are kept
	TipRetention  time.Duration // how long a tip is kept after it was filed; default bot.DefaultTipRetention
	// StatsRetention is how long a day's counters are kept after their last write; default
	// bot.DefaultStatsRetention.
	StatsRetention time.Duration
	Timeout        time.Duration // bound on each store call; default DefaultTimeout
	// CAFile is a PEM file of certificate authorities trusted for rediss:// instead of the
	// system's (a managed Redis with a private CA).
	CAFile string
}

// Open connects to the Redis at url and returns a Store that owns the connection.
//
//   - redis://[user:password@]host:port[/db][?options] and rediss:// (TLS): one server, as
//     go-redis ParseURL reads it (options such as pool_size=20 or dial_timeout=1s).
//   - redis+sentinel://[sentinel-user:sentinel-password@]sentinel:port?master_name=mymaster&addr=sentinel2:port&password=...
//     (and rediss+sentinel://): a Sentinel-managed primary, as go-redis ParseFailoverURL reads it;
//     the user info is the Sentinel's, the master's password is the password parameter.
//   - redis+cluster://[user:password@]node:port?addr=node2:port&addr=node3:port (and
//     rediss+cluster://): a Redis Cluster, as go-redis ParseClusterURL reads it.
//
// Programs that build their own client (any redis.UniversalClient) call New instead.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	client, err := newClient(url, opts)
	if err != nil {
		return nil, err
	}
	s, err := New(ctx, client, opts)
	if err != nil {
		client.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

func newClient(url string, opts Options) (goredis.UniversalClient, error) {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return nil, fmt.Errorf("the Redis URL %q has no scheme: write it like redis://%s; %s", redactURL(url), strings.TrimPrefix(redactURL(url), "//"), acceptedSchemes)
	}
	base, mode, _ := strings.Cut(scheme, "+")
	if (base != "redis" && base != "rediss") || (mode != "" && mode != "sentinel" && mode != "cluster") {
		return nil, fmt.Errorf("the Redis URL scheme %q is not one Frontdoor reads; %s", scheme, acceptedSchemes)
	}
	plain := base + "://" + rest
	switch mode {
	case "sentinel":
		return connect(plain, url, "Redis Sentinel", opts, goredis.ParseFailoverURL,
			func(o *goredis.FailoverOptions) knobs {
				return knobs{&o.TLSConfig, &o.ContextTimeoutEnabled, []*time.Duration{&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout}}
			}, goredis.NewFailoverClient)
	case "cluster":
		return connect(plain, url, "Redis Cluster", opts, goredis.ParseClusterURL,
			func(o *goredis.ClusterOptions) knobs {
				return knobs{&o.TLSConfig, &o.ContextTimeoutEnabled, []*time.Duration{&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout}}
			}, newClusterClient)
	default:
		return connect(plain, url, "Redis", opts, goredis.ParseURL,
			func(o *goredis.Options) knobs {
				return knobs{&o.TLSConfig, &o.ContextTimeoutEnabled, []*time.Duration{&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout}}
			}, goredis.NewClient)
	}
}

// knobs are the fields of a go-redis options type (Options, FailoverOptions, ClusterOptions)
// that prepare sets: the TLS configuration, context deadlines, and the timeouts.
type knobs struct {
	tls         **tls.Config
	ctxTimeouts *bool
	timeouts    []*time.Duration
}

// connect reads a URL of one kind with go-redis's parser, prepares its options and makes the
// client: the one path every kind of URL takes.
func connect[O any, C goredis.UniversalClient](plain, url, what string, opts Options, parse func(string) (*O, error),
	knobsOf func(*O) knobs, newClient func(*O) C) (goredis.UniversalClient, error) {
	o, err := parse(plain)
	if err != nil {
		return nil, fmt.Errorf("error reading the %s URL: %w", what, redact(err, url))
	}
	if err := prepare(opts, knobsOf(o)); err != nil {
		return nil, err
	}
	return newClient(o), nil
}

// acceptedSchemes lists the URL forms Open reads, for error messages.
const acceptedSchemes = "the schemes are redis:// (one server), rediss:// (TLS), redis+sentinel:// and rediss+sentinel:// " +
	"(Sentinel: ?master_name=NAME&addr=HOST:PORT), redis+cluster:// and rediss+cluster:// (Cluster: ?addr=HOST:PORT)"

// redactURL hides the user info (a password) of a Redis URL written with or without a scheme.
func redactURL(url string) string {
	prefix, rest, ok := strings.Cut(url, "://")
	if !ok {
		prefix, rest = "", url
	} else {
		prefix += "://"
	}
	if userinfo, host, ok := strings.Cut(rest, "@"); ok && userinfo != "" {
		rest = "xxxxx@" + host
	}
	return prefix + rest
}

// prepare bounds every timeout the URL left unset by Options.Timeout, makes go-redis honour
// context deadlines, and adds the CA file to a TLS configuration.
func prepare(opts Options, k knobs) error {
	for _, f := range k.timeouts {
		if *f == 0 {
			*f = orDefault(opts.Timeout, DefaultTimeout)
		}
	}
	*k.ctxTimeouts = true
	tlsCfg := k.tls
	if opts.CAFile == "" {
		return nil
	}
	if *tlsCfg == nil {
		return errors.New("a Redis CA file needs a rediss:// URL")
	}
	pem, err := os.ReadFile(opts.CAFile)
	if err != nil {
		return fmt.Errorf("error reading the Redis CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("the Redis CA file %s holds no PEM certificate", opts.CAFile)
	}
	(*tlsCfg).RootCAs = pool
	return nil
}

// redact keeps a password in the URL out of an error message.
func redact(err error, url string) error {
	msg := err.Error()
	if _, rest, ok := strings.Cut(url, "://"); ok {
		if userinfo, _, ok := strings.Cut(rest, "@"); ok && userinfo != "" {
			msg = strings.ReplaceAll(msg, userinfo, "xxxxx")
		}
	}
	return errors.New(msg)
}

// New returns a Store on client, which the caller keeps and closes. It checks that Redis answers,
// that the shard count matches the stored data, loads the scripts and creates the consumer groups.
func New(ctx context.Context, client goredis.UniversalClient, opts Options) (*Store, error) {
	if opts.Keys == nil {
		return nil, errors.New("redis store: Options.Keys is required")
	}
	o := withDefaults(opts)
	if strings.ContainsAny(o.Prefix, "{}") || o.Shards < 1 || o.Shards > 16384 {
		return nil, fmt.Errorf("redis store: bad prefix %q or shard count %d", o.Prefix, o.Shards)
	}
	s := &conn{rdb: client, keys: o.Keys, clock: o.Clock, opts: o, ks: keyspace{prefix: o.Prefix, shards: o.Shards}}
	ctx, cancel := context.WithTimeout(ctx, 10*o.Timeout)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("error reaching Redis: %w", err)
	}
	if err := s.checkShards(ctx); err != nil {
		return nil, err
	}
	for _, sc := range scripts {
		if err := sc.Load(ctx, client).Err(); err != nil {
			return nil, fmt.Errorf("error loading a Redis script: %w", err)
		}
	}
	for shard := range o.Shards {
		err := client.XGroupCreateMkStream(ctx, s.ks.queue(shard), group, "0").Err()
		if err != nil && !goredis.HasErrorPrefix(err, "BUSYGROUP") {
			return nil, fmt.Errorf("error creating the outbox group: %w", err)
		}
	}
	return &Store{conn: s}, nil
}

// checkShards records the shard count, or refuses one that differs from the recorded count:
// with another count every texter's keys would move, and opt-outs would seem lost.
func (s *conn) checkShards(ctx context.Context) error {
	n := strconv.Itoa(s.opts.Shards)
	if err := s.rdb.SetNX(ctx, s.ks.meta(), n, 0).Err(); err != nil {
		return fmt.Errorf("error recording the shard count: %w", err)
	}
	got, err := s.rdb.Get(ctx, s.ks.meta()).Result()
	if err != nil {
		return fmt.Errorf("error reading the shard count: %w", err)
	}
	if got != n {
		return fmt.Errorf("redis store: the data under prefix %q has %s shards, not %s; keep the shard count or migrate the data", s.opts.Prefix, got, n)
	}
	return nil
}

func withDefaults(o Options) Options {
	if o.Clock == nil {
		o.Clock = bot.ClockFunc(time.Now)
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Shards == 0 {
		o.Shards = bot.DefaultShards
	}
	o.SessionTTL = orDefault(o.SessionTTL, DefaultSessionTTL)
	o.DedupeTTL = orDefault(o.DedupeTTL, DefaultDedupeTTL)
	o.DeadLetterTTL = orDefault(o.DeadLetterTTL, DefaultDeadLetterTTL)
	o.TipRetention = orDefault(o.TipRetention, bot.DefaultTipRetention)
	o.StatsRetention = orDefault(o.StatsRetention, bot.DefaultStatsRetention)
	o.Timeout = orDefault(o.Timeout, DefaultTimeout)
	return o
}

func orDefault(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}

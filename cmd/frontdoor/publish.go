package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// runPublish is `frontdoor flows publish DIR`, for teams that keep flows in git: the same gate
// as the console's Publish (no lint error, every transcript test passes), then the files become
// the live version in the store every replica reads. Publishing files equal to the live version
// changes nothing, so a pipeline may run it on every commit.
func runPublish(args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("flows publish", stderr)
	author := fl.String("author", "flows-publish", "the name recorded with the version and in the audit log")
	note := fl.String("note", "", "what changed and why, kept with the version")
	dir, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	if dir == "" {
		return usageError(fl, "the folder to publish is missing")
	}
	files, err := flows.ReadFiles(os.DirFS(dir))
	if err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("cannot read %s: %v", dir, err)}
	}
	if err := gate(files, env, stdout); err != nil {
		return exitError{code: 1, msg: dir + ": not published: " + err.Error()}
	}
	store, err := openPublishStore(env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer store.Close()
	return publishFiles(context.Background(), store, files, *author, *note, dir, stdout)
}

// gate lints files and runs their transcript tests, writing the results.
func gate(files bot.FlowFiles, env environment, stdout io.Writer) error {
	fsys := flows.FilesFS(files)
	set, probs := loadFlows(fsys)
	for _, p := range probs {
		fmt.Fprintln(stdout, p)
	}
	if set == nil {
		return fmt.Errorf("lint found %s", yamlpos.Count(len(probs.Errors()), "error"))
	}
	ts, err := readTranscripts(fsys, stdout)
	if err != nil {
		return err
	}
	r := &transcript.Runner{Flows: set, Messages: bot.NewMessages(env.value("FRONTDOOR_PROGRAM")),
		NewStore: func(c bot.Clock) bot.Store { return memory.New(c) }}
	var results []transcript.Result
	for _, t := range ts {
		results = append(results, r.Run(t))
	}
	if failed := transcript.Report(stdout, results); failed > 0 {
		return fmt.Errorf("%d transcript tests fail", failed)
	}
	return nil
}

func openPublishStore(env environment) (*redis.Store, error) {
	url := env("REDIS_URL")
	if url == "" {
		return nil, errors.New("REDIS_URL is not set: flows publish writes to the Redis store the servers read")
	}
	keys, err := bot.NewKeys([]byte(env("FRONTDOOR_SECRET")))
	if err != nil {
		return nil, fmt.Errorf("FRONTDOOR_SECRET: %w", err)
	}
	quietRedis(nil)
	s, err := redis.Open(context.Background(), url, redis.Options{Keys: keys, CAFile: env("REDIS_CA_FILE")})
	if err != nil {
		return nil, redisURLError(err)
	}
	return s, nil
}

// flowPublisher is what publishing needs of a store: the versions and the audit log.
type flowPublisher interface {
	bot.FlowStore
	bot.AuditLog
}

// publishFiles publishes files unless the live version has exactly these files.
func publishFiles(ctx context.Context, store flowPublisher, files bot.FlowFiles, author, note, dir string, stdout io.Writer) error {
	live, err := store.CurrentFlows(ctx)
	if err != nil {
		return err
	}
	if live > 0 {
		v, err := store.FlowVersion(ctx, live)
		if err != nil {
			return err
		}
		if sameFiles(v.Files, files) {
			fmt.Fprintf(stdout, "unchanged: version %d is live with these files\n", live)
			return nil
		}
	}
	if note == "" {
		note = "published from " + dir
	}
	now := time.Now().UTC()
	n, err := store.PublishFlows(ctx, bot.FlowVersion{Files: files, Author: author, Published: now, Note: note}, live)
	if errors.Is(err, bot.ErrStaleFlows) {
		return exitError{code: 1, msg: "another version was published meanwhile; run it again"}
	}
	if err != nil {
		return err
	}
	store.Audit(ctx, bot.AuditEntry{At: now, Who: author, Action: "publish", Detail: fmt.Sprintf("version %d from files (flows publish), live was %d", n, live)})
	fmt.Fprintf(stdout, "published version %d; every server runs it within a few seconds\n", n)
	return nil
}

func sameFiles(a, b bot.FlowFiles) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if other, ok := b[p]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}

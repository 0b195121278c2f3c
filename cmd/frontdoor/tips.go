package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// tipsHelp is the help both tips commands share.
func tipsHelp() string {
	return `DATE is 2026-03-01 (midnight in FRONTDOOR_TIMEZONE, default UTC) or a time like 2026-03-01T08:00:00Z.
Both read the tips from REDIS_URL and need FRONTDOOR_SECRET to open them. Progress goes to stderr.

` + envHelp("REDIS_URL", "REDIS_CA_FILE", "FRONTDOOR_SECRET", "FRONTDOOR_TIMEZONE", "FRONTDOOR_TIP_RETENTION")()
}

// tipsStore is what the tips commands need of the store.
type tipsStore struct {
	bot.TipStore
	bot.AuditLog
	bot.CloseLog
}

func runTipsExport(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	from, format, err := exportArgs("tips export", "tips", args, env, stdout, stderr)
	if err != nil {
		return err
	}
	store, closeStore, err := openTipsStore(ctx, env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer closeStore()
	fmt.Fprintf(stderr, "frontdoor tips export: reading the tips filed since %s\n", from.UTC().Format(time.RFC3339))
	tips, err := store.Tips(ctx, from)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	closes, err := store.Closes(ctx, from)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	// The export is recorded before anything is written: no tips leave without a trace.
	if err := store.Audit(ctx, bot.AuditEntry{At: time.Now().UTC(), Who: "frontdoor tips export", Action: "tips_export",
		Detail: fmt.Sprintf("%d tips filed since %s, as %s", len(tips), from.UTC().Format(time.RFC3339), format)}); err != nil {
		return exitError{code: 1, msg: "not exported: the audit log could not be written: " + err.Error()}
	}
	if err := writeTips(stdout, stderr, format, tips, tipOutcomes(closes)); err != nil {
		return exitError{code: 1, msg: "writing the export: " + err.Error()}
	}
	fmt.Fprintf(stderr, "frontdoor tips export: %d tips written (%s)\n", len(tips), format)
	return nil
}

func runTipsPurge(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("tips purge", stderr)
	older := fl.Duration("older-than", 0, "delete tips filed longer ago than this (default FRONTDOOR_TIP_RETENTION)")
	if err := noArgs(fl, args, stdout); err != nil {
		return err
	}
	retention := *older
	if retention == 0 {
		var err error
		if retention, err = tipRetention(env); err != nil {
			return exitError{code: 2, msg: err.Error()}
		}
	}
	if retention < time.Hour {
		return exitError{code: 2, msg: "--older-than should be at least 1h"}
	}
	store, closeStore, err := openTipsStore(ctx, env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer closeStore()
	j := &bot.TipJanitor{Tips: store, Clock: bot.ClockFunc(time.Now), Retention: retention, Log: slog.New(slog.DiscardHandler)}
	n, err := j.Purge(ctx)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	cutoff := j.Cutoff().UTC().Format(time.RFC3339)
	fmt.Fprintf(stdout, "deleted %d tips filed before %s\n", n, cutoff)
	if err := store.Audit(ctx, bot.AuditEntry{At: time.Now().UTC(), Who: "frontdoor tips purge", Action: "tips_purge",
		Detail: fmt.Sprintf("%d tips filed before %s", n, cutoff)}); err != nil {
		return exitError{code: 1, msg: "the tips were deleted, but the audit log could not be written: " + err.Error()}
	}
	return nil
}

// exportArgs reads an export's flags: --since (required) and --format (csv or json).
func exportArgs(name, what string, args []string, env environment, stdout, stderr io.Writer) (time.Time, string, error) {
	fl := newFlags(name, stderr)
	since := fl.String("since", "", "the first day (or time) of "+what+" to export")
	format := fl.String("format", "csv", "csv or json")
	if err := noArgs(fl, args, stdout); err != nil {
		return time.Time{}, "", err
	}
	if *since == "" || (*format != "csv" && *format != "json") {
		return time.Time{}, "", usageError(fl, "--since DATE is required, and --format is csv or json")
	}
	from, err := parseSince(*since, env)
	if err != nil {
		return time.Time{}, "", exitError{code: 2, msg: err.Error()}
	}
	return from, *format, nil
}

// parseSince reads 2026-03-01 (midnight in FRONTDOOR_TIMEZONE) or an RFC 3339 time.
func parseSince(s string, env environment) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc, err := time.LoadLocation(env.value("FRONTDOOR_TIMEZONE"))
	if err != nil {
		return time.Time{}, fmt.Errorf("FRONTDOOR_TIMEZONE: %q is not a time zone name", env("FRONTDOOR_TIMEZONE"))
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("--since %q is not a date like 2026-03-01 or a time like 2026-03-01T08:00:00Z", s)
	}
	return t, nil
}

// openTipsStore opens the Redis store the servers keep tips in.
func openTipsStore(ctx context.Context, env environment) (tipsStore, func(), error) {
	s, err := openCommandStore(ctx, env, "tips are kept in the Redis store the servers use", " (the tips are sealed with it)")
	if err != nil {
		return tipsStore{}, nil, err
	}
	return tipsStore{TipStore: s.Tips(), AuditLog: s.Console(), CloseLog: s.Desk()}, func() { s.Close() }, nil
}

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	stats "github.com/nhttf/frontdoor/bot/report"
)

// reportHelp is the help of frontdoor report.
func reportHelp() string {
	return `DATE is a day like 2026-03-01, a day in FRONTDOOR_TIMEZONE (default UTC; the counters are kept
by UTC hour, so any zone's days add up). --until defaults to today. The figures are the daily counters in REDIS_URL (docs/reporting.md): counts only, never a
number, name or message; counts from 1 to 4 are printed as <5.

` + envHelp("REDIS_URL", "REDIS_CA_FILE", "FRONTDOOR_SECRET", "FRONTDOOR_TIMEZONE")()
}

func runReport(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("report", stderr)
	since := fl.String("since", "", "the first day of the report")
	until := fl.String("until", "", "the last day of the report (default today, UTC)")
	by := fl.String("by", stats.ByDay, "day or week")
	format := fl.String("format", "csv", "csv or json")
	if err := noArgs(fl, args, stdout); err != nil {
		return err
	}
	if *since == "" || (*format != "csv" && *format != "json") || (*by != stats.ByDay && *by != stats.ByWeek) {
		return usageError(fl, "--since DATE is required, --by is day or week, and --format is csv or json")
	}
	from, err := parseDay("--since", *since)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	loc, err := time.LoadLocation(env.value("FRONTDOOR_TIMEZONE"))
	if err != nil {
		return exitError{code: 2, msg: fmt.Sprintf("FRONTDOOR_TIMEZONE: %q is not a time zone name like America/Chicago", env("FRONTDOOR_TIMEZONE"))}
	}
	to := time.Now().In(loc)
	if *until != "" {
		if to, err = parseDay("--until", *until); err != nil {
			return exitError{code: 2, msg: err.Error()}
		}
	}
	if localDate(to).Before(localDate(from)) {
		return exitError{code: 2, msg: "--until is before --since"}
	}
	store, closeStore, err := openStatsStore(ctx, env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer closeStore()
	r, err := stats.Build(ctx, store, stats.Options{Since: from, Until: to, By: *by, Loc: loc})
	switch {
	case errors.Is(err, stats.ErrRange):
		return exitError{code: 2, msg: err.Error()}
	case err != nil:
		return exitError{code: 1, msg: err.Error()}
	}
	bw := bufio.NewWriter(stdout)
	if *format == "json" {
		err = r.WriteJSON(bw)
	} else {
		err = r.WriteCSV(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return exitError{code: 1, msg: "writing the report: " + err.Error()}
	}
	fmt.Fprintf(stderr, "frontdoor report: %d %ss from %s to %s, days in %s (%s); %s\n", len(r.Periods), *by,
		r.Since.Format("2006-01-02"), r.Until.Format("2006-01-02"), r.Zone, *format, stats.SmallNote)
	return nil
}

// parseDay reads a UTC day like 2026-03-01.
func parseDay(flag, s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a day like 2026-03-01", flag, s)
	}
	return t, nil
}

// openStatsStore opens the Redis store the servers count in.
func openStatsStore(ctx context.Context, env environment) (bot.StatsStore, func(), error) {
	s, err := openCommandStore(ctx, env, "the counters are kept in the Redis store the servers use", "")
	if err != nil {
		return nil, nil, err
	}
	return s.Stats(), func() { s.Close() }, nil
}

// localDate is the date t reads as, as a UTC midnight, to compare dates written in different zones.
func localDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

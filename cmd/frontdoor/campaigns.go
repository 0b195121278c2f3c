package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/card"
)

// campaignsHelp explains the campaign commands.
func campaignsHelp() string {
	return `A campaign word is a flow's trigger (flows/README.md, "Campaign words"): a texter who sends
only that word starts the flow. The card shows the number to text (--to, else FRONTDOOR_SHORT_CODE),
the word, one line of what it offers (--line, else the first sentence of the flow's first text in the
word's language) and a QR code with the link sms:NUMBER?&body=WORD, which opens the phone's messaging
app with the word filled in on both iPhone and Android.

The report reads the daily counters from REDIS_URL: for each word, how often it started its flow
on each UTC day from --since to --until, and in all; counts from 1 to 4 are written "<5". It holds
no texter data: the counters are kept per word and day only.

` + envHelp("FRONTDOOR_SHORT_CODE", "FRONTDOOR_FLOWS", "REDIS_URL", "REDIS_CA_FILE", "FRONTDOOR_SECRET")()
}

func runCampaignCard(args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("campaigns card", stderr)
	format := fl.String("format", "svg", "svg, pdf or png")
	to := fl.String("to", "", "the short code or number texters send to (default FRONTDOOR_SHORT_CODE)")
	line := fl.String("line", "", "the line of what the word offers (default: from the flow)")
	dir := fl.String("flows", "", "the flows folder (default FRONTDOOR_FLOWS, else the built-in flows)")
	out := fl.String("o", "", "write to this file instead of standard output")
	word, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	if word == "" {
		return usageError(fl, "the campaign word is missing, for example: frontdoor campaigns card PARENTS")
	}
	draw, ok := cardFormats[*format]
	if !ok {
		return usageError(fl, "--format is %q; use svg, pdf or png", *format)
	}
	set, _, name, err := openFlowSet(*dir, env, stdout)
	if err != nil {
		return err
	}
	tr, ok := set.Trigger(word)
	if !ok {
		return exitError{code: 1, msg: fmt.Sprintf("%q is not a campaign word of the %s; they are %s", word, name, triggerList(set))}
	}
	if *to == "" {
		*to = env.value("FRONTDOOR_SHORT_CODE")
	}
	c := card.ForTrigger(set, tr, *to, *line)
	if err := c.Check(); err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	return writeCard(c, draw, *out, stdout)
}

var cardFormats = map[string]func(card.Card, io.Writer) error{
	"svg": card.Card.SVG, "pdf": card.Card.PDF, "png": card.Card.PNG,
}

func writeCard(c card.Card, draw func(card.Card, io.Writer) error, file string, stdout io.Writer) error {
	if file == "" {
		w := bufio.NewWriter(stdout)
		if err := draw(c, w); err != nil {
			return err
		}
		return w.Flush()
	}
	f, err := os.Create(file)
	if err != nil {
		return exitError{code: 1, msg: "cannot write the card: " + err.Error()}
	}
	if err := draw(c, f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// triggerList names a set's campaign words, or says there are none.
func triggerList(set *flows.Set) string {
	var words []string
	for _, tr := range set.Triggers() {
		words = append(words, strings.ToUpper(tr.Word))
	}
	if len(words) == 0 {
		return "none (a flow file lists them under triggers:)"
	}
	return strings.Join(words, ", ")
}

// campaignsStore is what campaigns report needs of the store.
type campaignsStore struct {
	bot.StatsStore
	bot.FlowStore
}

func runCampaignReport(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("campaigns report", stderr)
	since := fl.String("since", "", "the first day, like 2026-03-01 (UTC days)")
	until := fl.String("until", "", "the last day (default today, UTC)")
	format := fl.String("format", "csv", "csv or json")
	if err := noArgs(fl, args, stdout); err != nil {
		return err
	}
	if *since == "" || (*format != "csv" && *format != "json") {
		return usageError(fl, "--since DATE is required, and --format is csv or json")
	}
	from, to, err := reportDays(*since, *until, time.Now())
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	store, closeStore, err := openCampaignsStore(ctx, env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer closeStore()
	days, err := store.Stats(ctx, from, to)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	set, err := publishedFlows(ctx, store, env)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	r := bot.NewCampaignReport(days, set)
	if *format == "json" {
		return writeCampaignJSON(stdout, r)
	}
	return writeCampaignCSV(stdout, r)
}

// reportDays reads --since and --until as UTC days.
func reportDays(since, until string, now time.Time) (time.Time, time.Time, error) {
	from, err := time.Parse("2006-01-02", since)
	if err != nil {
		return from, from, fmt.Errorf("--since %q is not a date like 2026-03-01", since)
	}
	to := now.UTC()
	if until != "" {
		if to, err = time.Parse("2006-01-02", until); err != nil {
			return from, to, fmt.Errorf("--until %q is not a date like 2026-03-31", until)
		}
	}
	switch {
	case to.Before(from):
		return from, to, fmt.Errorf("--until %s is before --since %s", to.Format("2006-01-02"), since)
	case len(bot.StatsDays(from, to)) >= bot.MaxStatsDays:
		return from, to, fmt.Errorf("a report covers at most %d days; give a later --since or an --until", bot.MaxStatsDays-1)
	}
	return from, to, nil
}

// openCampaignsStore opens the Redis store the servers count in.
func openCampaignsStore(ctx context.Context, env environment) (campaignsStore, func(), error) {
	s, err := openCommandStore(ctx, env, "the counts are kept in the Redis store the servers use", "")
	if err != nil {
		return campaignsStore{}, nil, err
	}
	return campaignsStore{StatsStore: s.Stats(), FlowStore: s.Console()}, func() { s.Close() }, nil
}

// publishedFlows loads the live flows version, which names each counted word's flow; without
// one, the flows serve would seed it with.
func publishedFlows(ctx context.Context, store bot.FlowStore, env environment) (*flows.Set, error) {
	n, err := store.CurrentFlows(ctx)
	if err != nil {
		return nil, err
	}
	fsys, name, err := openFlowsFolder("", env)
	if n > 0 {
		v, verr := store.FlowVersion(ctx, n)
		if verr != nil {
			return nil, verr
		}
		fsys, name, err = flows.FilesFS(v.Files), fmt.Sprintf("flows version %d", n), nil
	}
	if err != nil {
		return nil, err
	}
	set, probs := loadFlows(fsys)
	if set == nil {
		return nil, fmt.Errorf("%s: the flows have errors: %v", name, probs.Errors())
	}
	return set, nil
}

// campaignColumns are the report's columns, a contract with whoever imports it: add new ones at
// the end. A row with day "total" sums the report's days.
var campaignColumns = []string{"day", "word", "flow", "language", "started"}

func writeCampaignCSV(w io.Writer, r bot.CampaignReport) error {
	cw := csv.NewWriter(w)
	cw.Write(campaignColumns)
	for _, row := range r.Rows {
		for i, d := range r.Days {
			cw.Write([]string{d.Format("2006-01-02"), row.Word, row.Flow, row.Lang, bot.ShowCount(row.Days[i])})
		}
	}
	for _, row := range r.Rows {
		cw.Write([]string{"total", row.Word, row.Flow, row.Lang, bot.ShowCount(row.Total)})
	}
	cw.Flush()
	return cw.Error()
}

// campaignJSON is the report as JSON: counts are strings, "<5" for 1 to 4.
type campaignJSON struct {
	Since     string            `json:"since"`
	Until     string            `json:"until"`
	Campaigns []campaignJSONRow `json:"campaigns"`
}

type campaignJSONRow struct {
	Word     string            `json:"word"`
	Flow     string            `json:"flow"`
	Language string            `json:"language"`
	Total    string            `json:"total"`
	Days     map[string]string `json:"days"` // by day, 2026-03-01
}

func writeCampaignJSON(w io.Writer, r bot.CampaignReport) error {
	out := campaignJSON{Campaigns: []campaignJSONRow{}}
	if len(r.Days) > 0 {
		out.Since, out.Until = r.Days[0].Format("2006-01-02"), r.Days[len(r.Days)-1].Format("2006-01-02")
	}
	for _, row := range r.Rows {
		j := campaignJSONRow{Word: row.Word, Flow: row.Flow, Language: row.Lang, Total: bot.ShowCount(row.Total), Days: map[string]string{}}
		for i, d := range r.Days {
			j.Days[d.Format("2006-01-02")] = bot.ShowCount(row.Days[i])
		}
		out.Campaigns = append(out.Campaigns, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

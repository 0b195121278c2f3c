package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// The export's columns, in this order in CSV and in each JSON object. They are a contract with
// the case systems that import them: add new ones at the end, never rename or reorder.
var tipColumns = []string{"code", "submitted_at", "language", "channel", "urgent", "where", "what", "when",
	"involved", "other", "additions", "slack_channel", "slack_ts", "outcome", "case_number"}

// tipRow is one tip as exported. It holds nothing that identifies the tipster: no number, no
// texter key, no alias.
type tipRow struct {
	Code         string            `json:"code"`
	SubmittedAt  string            `json:"submitted_at"` // RFC 3339, UTC
	Language     string            `json:"language"`
	Channel      string            `json:"channel"` // sms, or staff: entered by staff in Slack
	Urgent       bool              `json:"urgent"`
	Where        string            `json:"where"`
	What         string            `json:"what"`
	When         string            `json:"when"`
	Involved     string            `json:"involved"`
	Other        map[string]string `json:"other"`     // any other answer the flow saved
	Additions    []tipRowAddition  `json:"additions"` // what the tipster added by texting the code
	SlackChannel string            `json:"slack_channel"`
	SlackTS      string            `json:"slack_ts"`    // "" while the tip is not posted yet
	Outcome      string            `json:"outcome"`     // the last follow-up staff closed: its outcome code; "" if none
	CaseNumber   string            `json:"case_number"` // and the partner's case number given then
}

// tipOutcomes maps tip codes to the last close of a follow-up with their tipster.
func tipOutcomes(closes []bot.CloseRecord) map[string]bot.CloseRecord {
	out := map[string]bot.CloseRecord{}
	for _, c := range closes { // oldest first: the last one wins
		if c.Tip != "" {
			out[c.Tip] = c
		}
	}
	return out
}

type tipRowAddition struct {
	At   string `json:"at"`
	Text string `json:"text"`
}

func rowOf(t bot.Tip, outcomes map[string]bot.CloseRecord) tipRow {
	c := outcomes[t.Code]
	r := tipRow{Outcome: c.Outcome, CaseNumber: c.Case, Code: t.Code, SubmittedAt: rfc3339(t.Submitted), Language: t.Lang, Channel: "sms", Urgent: t.Urgent,
		Where: t.Answers["where"], What: t.Answers["what"], When: t.Answers["when"], Involved: t.Answers["involved"],
		Other: map[string]string{}, Additions: []tipRowAddition{}, SlackChannel: t.Posted.Channel, SlackTS: t.Posted.TS}
	if t.Channel == bot.ChannelSlack {
		r.Channel = "staff"
	}
	for k, v := range t.Answers {
		if k != "where" && k != "what" && k != "when" && k != "involved" {
			r.Other[k] = v
		}
	}
	for _, a := range t.Additions {
		r.Additions = append(r.Additions, tipRowAddition{At: rfc3339(a.At), Text: a.Text})
	}
	return r
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// writeTips writes the tips in format, with a progress line on stderr every 1,000 tips.
func writeTips(w, stderr io.Writer, format string, tips []bot.Tip, outcomes map[string]bot.CloseRecord) error {
	bw := bufio.NewWriter(w)
	write := writeCSV
	if format == "json" {
		write = writeJSON
	}
	progress := func(n int) {
		if n%1000 == 0 {
			fmt.Fprintf(stderr, "frontdoor tips export: %d of %d tips written\n", n, len(tips))
		}
	}
	if err := write(bw, tips, outcomes, progress); err != nil {
		return err
	}
	return bw.Flush()
}

func writeJSON(w io.Writer, tips []bot.Tip, outcomes map[string]bot.CloseRecord, progress func(int)) error {
	io.WriteString(w, "[")
	for i, t := range tips {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rowOf(t, outcomes)); err != nil {
			return err
		}
		sep := ",\n"
		if i == 0 {
			sep = "\n"
		}
		io.WriteString(w, sep+strings.TrimSuffix(b.String(), "\n"))
		progress(i + 1)
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

func writeCSV(w io.Writer, tips []bot.Tip, outcomes map[string]bot.CloseRecord, progress func(int)) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(tipColumns); err != nil {
		return err
	}
	for i, t := range tips {
		r := rowOf(t, outcomes)
		var other, adds []string
		for _, k := range slices.Sorted(maps.Keys(r.Other)) {
			other = append(other, k+": "+r.Other[k])
		}
		for _, a := range r.Additions {
			adds = append(adds, a.At+" "+a.Text)
		}
		rec := []string{r.Code, r.SubmittedAt, r.Language, r.Channel, strconv.FormatBool(r.Urgent),
			cell(r.Where), cell(r.What), cell(r.When), cell(r.Involved), cell(strings.Join(other, "\n")),
			cell(strings.Join(adds, "\n")), r.SlackChannel, r.SlackTS, r.Outcome, cell(r.CaseNumber)}
		if err := cw.Write(rec); err != nil {
			return err
		}
		progress(i + 1)
	}
	cw.Flush()
	return cw.Error()
}

// cell keeps a tipster's words from being read as a formula by a spreadsheet (CSV injection): a
// cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe. The
// JSON export is never changed.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

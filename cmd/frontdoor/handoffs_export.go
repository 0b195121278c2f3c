package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// handoffsHelp is the help of frontdoor handoffs export.
func handoffsHelp() string {
	return `DATE is 2026-03-01 (midnight in FRONTDOOR_TIMEZONE, default UTC) or a time like 2026-03-01T08:00:00Z.
Each row is a conversation staff closed: when it opened and closed, its queue, language, urgency,
the need and state the texter chose, the outcome staff picked and the partner's case number. No
number, no texter key, no texter's words. Records are kept ` + strconv.Itoa(int(bot.CloseKeep/(24*time.Hour))) + ` days.

` + envHelp("REDIS_URL", "REDIS_CA_FILE", "FRONTDOOR_SECRET", "FRONTDOOR_TIMEZONE")()
}

// The export's columns, in this order in CSV and in each JSON object: add new ones at the end,
// never rename or reorder.
var handoffColumns = []string{"handoff", "opened_at", "closed_at", "queue", "language", "urgent", "need", "state",
	"tip", "outcome", "case_number"}

// handoffRow is one close as exported.
type handoffRow struct {
	Handoff    string `json:"handoff"` // the conversation's reference, as its Slack post shows the alias
	OpenedAt   string `json:"opened_at"`
	ClosedAt   string `json:"closed_at"`
	Queue      string `json:"queue"`
	Language   string `json:"language"`
	Urgent     bool   `json:"urgent"`
	Need       string `json:"need"`
	State      string `json:"state"`
	Tip        string `json:"tip"` // a tip's follow-up: the tip's code
	Outcome    string `json:"outcome"`
	CaseNumber string `json:"case_number"`
}

func handoffRowOf(c bot.CloseRecord) handoffRow {
	return handoffRow{Handoff: c.Handoff, OpenedAt: rfc3339(c.Opened), ClosedAt: rfc3339(c.Closed), Queue: c.Queue, Language: c.Lang,
		Urgent: c.Urgent, Need: c.Need, State: c.State, Tip: c.Tip, Outcome: c.Outcome, CaseNumber: c.Case}
}

func runHandoffsExport(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	from, format, err := exportArgs("handoffs export", "closes", args, env, stdout, stderr)
	if err != nil {
		return err
	}
	store, closeStore, err := openTipsStore(ctx, env)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	defer closeStore()
	closes, err := store.Closes(ctx, from)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	if err := store.Audit(ctx, bot.AuditEntry{At: time.Now().UTC(), Who: "frontdoor handoffs export", Action: "handoffs_export",
		Detail: fmt.Sprintf("%d closes since %s, as %s", len(closes), from.UTC().Format(time.RFC3339), format)}); err != nil {
		return exitError{code: 1, msg: "not exported: the audit log could not be written: " + err.Error()}
	}
	if err := writeHandoffs(stdout, format, closes); err != nil {
		return exitError{code: 1, msg: "writing the export: " + err.Error()}
	}
	fmt.Fprintf(stderr, "frontdoor handoffs export: %d closes since %s written (%s)\n", len(closes), from.UTC().Format(time.RFC3339), format)
	return nil
}

func writeHandoffs(w io.Writer, format string, closes []bot.CloseRecord) error {
	bw := bufio.NewWriter(w)
	if format == "json" {
		rows := make([]handoffRow, len(closes))
		for i, c := range closes {
			rows[i] = handoffRowOf(c)
		}
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rows); err != nil {
			return err
		}
		return bw.Flush()
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(handoffColumns); err != nil {
		return err
	}
	for _, c := range closes {
		r := handoffRowOf(c)
		if err := cw.Write([]string{cell(r.Handoff), r.OpenedAt, r.ClosedAt, cell(r.Queue), r.Language, strconv.FormatBool(r.Urgent),
			r.Need, r.State, r.Tip, r.Outcome, cell(r.CaseNumber)}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

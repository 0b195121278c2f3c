package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/console"
)

// consoleUsers reads FRONTDOOR_CONSOLE_USERS. With --dev and no file, it makes up a "dev"
// account and says in the log how to sign in.
func consoleUsers(cfg Config, log *slog.Logger) ([]console.User, error) {
	if cfg.ConsoleUsers != "" {
		f, err := os.Open(cfg.ConsoleUsers)
		if err != nil {
			return nil, fmt.Errorf("FRONTDOOR_CONSOLE_USERS: %w", err)
		}
		defer f.Close()
		users, err := console.ReadUsers(f)
		if err != nil {
			return nil, fmt.Errorf("FRONTDOOR_CONSOLE_USERS %s: %w", cfg.ConsoleUsers, err)
		}
		return users, nil
	}
	if !cfg.Dev {
		log.Info("the coordinator console is off: set FRONTDOOR_CONSOLE_USERS to a file of accounts (frontdoor console hash-password makes the lines)")
		return nil, nil
	}
	password := randomHex(8)
	hash, err := console.HashDevPassword(password)
	if err != nil {
		return nil, err
	}
	log.Warn("DEV MODE console: open "+cfg.PublicURL+console.Prefix+"/ and sign in as dev with password "+password+
		" (made up for this run; set FRONTDOOR_CONSOLE_USERS to choose accounts)", "account", "dev")
	return []console.User{{Name: "dev", Hash: hash}}, nil
}

// newConsole builds the console's handler.
func (a *app) newConsole(users []console.User, store console.Store, watcher *bot.FlowWatcher) (*console.Console, error) {
	return console.New(console.Config{Users: users, Secret: []byte(a.cfg.Secret), Insecure: a.cfg.Dev, Dev: a.cfg.Dev, Location: a.cfg.Location,
		NoDesk: a.cfg.hotlineOnly(), ShortCode: a.cfg.ShortCode},
		console.Deps{Store: store, Live: a.bot.Live, Messages: bot.NewMessages(a.cfg.Program), Clock: bot.ClockFunc(time.Now),
			NewStore: scratchStores, Log: a.log, CheckRoster: a.rosterProblems,
			Stats: a.back.Stats, Route: a.route, Directory: a.dir,
			Published: func(ctx context.Context) {
				if err := watcher.Check(context.WithoutCancel(ctx)); err != nil {
					a.log.Warn("cannot swap in the published flows now; the next poll will", "error", err)
				}
			}})
}

// boardHandler is the bot as the web server calls it, also updating the console's live board
// (open handoffs, tips and opt-outs today) after each message.
type boardHandler struct {
	*bot.Bot
	board bot.Board
	loc   *time.Location
	log   *slog.Logger
}

func (h boardHandler) Handle(ctx context.Context, in bot.Inbound) bot.Outcome {
	out := h.Bot.Handle(ctx, in)
	if out.Duplicate || out.FailSafe {
		return out
	}
	day := h.Clock.Now().In(h.loc).Format("2006-01-02")
	if err := bot.Record(context.WithoutCancel(ctx), h.board, out, day); err != nil {
		h.log.Warn("cannot update the console's live board", "error", err)
	}
	return out
}

// runHashPassword is `frontdoor console hash-password NAME`: it reads a password from stdin and
// prints the line for the accounts file.
func runHashPassword(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := newFlags("console hash-password", stderr)
	name, err := parseWithArg(fl, args, stdout)
	if err != nil {
		return err
	}
	if name == "" {
		return usageError(fl, "the account name is missing")
	}
	if !console.ValidName(name) {
		return exitError{code: 2, msg: fmt.Sprintf("%q is not an account name: lower-case letters, digits, . _ -", name)}
	}
	if isTerminal(stdin) {
		fmt.Fprintf(stderr, "Password for %s (at least %d characters; it shows as you type): ", name, console.MinPasswordLength)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	hash, err := console.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return exitError{code: 1, msg: "the password was not accepted: " + err.Error()}
	}
	fmt.Fprintf(stdout, "%s:%s\n", name, hash)
	return nil
}

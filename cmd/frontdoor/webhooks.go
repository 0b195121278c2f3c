package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/webhook"
)

// readWebhooks reads FRONTDOOR_WEBHOOKS; an empty name is no destinations. dev allows http and
// private addresses (serve --dev, webhooks test --dev).
func readWebhooks(name string, dev bool) (*webhook.Set, error) {
	if name == "" {
		return webhook.EmptySet(), nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("FRONTDOOR_WEBHOOKS: %w", err)
	}
	set, err := webhook.Read(name, data, dev)
	if err != nil {
		return nil, fmt.Errorf("FRONTDOOR_WEBHOOKS: %w", err)
	}
	return set, nil
}

// openPartners reads the destinations: it returns the sender that delivers the webhooks, and
// the routes by which the bot's and the desk's commits add deliveries (nil without destinations).
func (a *app) openPartners() (*webhook.Sender, bot.Partners, error) {
	set, err := readWebhooks(a.cfg.Webhooks, a.cfg.Dev)
	if err != nil {
		return nil, nil, err
	}
	sender := &webhook.Sender{Set: set, Client: webhook.Client(a.cfg.Dev), Clock: a.clock}
	names := set.Names()
	if len(names) == 0 {
		return sender, nil, nil
	}
	a.log.Info("partner webhooks on", "destinations", strings.Join(names, ","))
	return sender, set, nil
}

func webhooksHelp() string {
	return `Sends a signed sample event of type "frontdoor.test" (not a tip) to destination NAME of
FRONTDOOR_WEBHOOKS and prints the answer. --dev allows http:// and private addresses, for a test
receiver on this machine.

` + envHelp("FRONTDOOR_WEBHOOKS")()
}

func runWebhooksTest(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("webhooks test", stderr)
	dev := fl.Bool("dev", false, "allow http:// and private addresses (a test receiver)")
	if err := parseFlags(fl, flagsFirst(args), stdout); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError(fl, "name one destination: frontdoor webhooks test NAME")
	}
	name := fl.Arg(0)
	if env("FRONTDOOR_WEBHOOKS") == "" {
		return exitError{code: 2, msg: "FRONTDOOR_WEBHOOKS is not set: it names the destinations file"}
	}
	set, err := readWebhooks(env("FRONTDOOR_WEBHOOKS"), *dev)
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	if _, ok := set.Get(name); !ok {
		return exitError{code: 2, msg: fmt.Sprintf("no destination %q in %s; there are: %s", name, env("FRONTDOOR_WEBHOOKS"), strings.Join(set.Names(), ", "))}
	}
	now := time.Now().UTC()
	body, _ := json.Marshal(bot.PartnerEvent{Type: "frontdoor.test", Timestamp: now, Data: bot.PartnerData{TipCode: "TIP-TEST",
		Region: "TX", Channel: "sms", Language: "en", Answers: map[string]string{"what": "A test delivery from Frontdoor: not a tip."}}})
	id := "msg_test_" + randomID()
	s := &webhook.Sender{Set: set, Client: webhook.Client(*dev), Clock: bot.ClockFunc(time.Now)}
	fmt.Fprintf(stdout, "sending a signed test event to %s (webhook-id %s)\n", name, id)
	ans, err := s.Send(ctx, name, id, body)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	fmt.Fprintf(stdout, "%s answered %d\n", name, ans.Status)
	if b := strings.TrimSpace(ans.Body); b != "" {
		fmt.Fprintf(stdout, "%s\n", b)
	}
	if ans.Status < 200 || ans.Status > 299 {
		return exitError{code: 1, msg: fmt.Sprintf("%s did not accept the test event (%d)", name, ans.Status)}
	}
	return nil
}

func randomID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// flagsFirst puts the flags before the name, so that "test NAME --dev" reads as "test --dev NAME".
func flagsFirst(args []string) []string {
	var flags, rest []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
		} else {
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

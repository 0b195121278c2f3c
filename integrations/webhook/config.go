package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"go.yaml.in/yaml/v3"

	"github.com/nhttf/frontdoor/bot"
)

// Destination is one partner system.
type Destination struct {
	Name    string
	URL     string
	Events  []string // event types it takes (bot.EventTipFiled, ...); all when the file names none
	Regions []string // US state codes it takes; all when none (events without a region go to all)
	signer  *standardwebhooks.Webhook
}

// Set is the destinations of a config file.
type Set struct {
	byName map[string]*Destination
	names  []string // in file order
}

// file is the config file as written.
type file struct {
	Destinations []struct {
		Name    string   `yaml:"name"`
		URL     string   `yaml:"url"`
		Secret  string   `yaml:"secret"`
		Events  []string `yaml:"events"`
		Regions []string `yaml:"regions"`
	} `yaml:"destinations"`
}

var (
	nameRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	regionRE = regexp.MustCompile(`^[A-Z]{2}$`)
	events   = []string{bot.EventTipFiled, bot.EventTipAdded, bot.EventHandoffClosed}
)

// MinSecretBytes is the shortest signing secret accepted (the specification asks for 24 to 64
// random bytes).
const MinSecretBytes = 24

// Read reads a destinations file. allowPrivate lets URLs be http:// or on private, loopback
// addresses: for tests and serve --dev only.
func Read(name string, data []byte, allowPrivate bool) (*Set, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &Set{byName: map[string]*Destination{}}
	var errs []error
	for i, d := range f.Destinations {
		where := fmt.Sprintf("%s: destination %d", name, i+1)
		if d.Name != "" {
			where = fmt.Sprintf("%s: destination %q", name, d.Name)
		}
		dest, err := check(d.Name, d.URL, d.Secret, d.Events, d.Regions, allowPrivate)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		case s.byName[d.Name] != nil:
			errs = append(errs, fmt.Errorf("%s: the name is used twice", where))
		default:
			s.byName[d.Name] = dest
			s.names = append(s.names, d.Name)
		}
	}
	if len(f.Destinations) == 0 {
		errs = append(errs, fmt.Errorf("%s: no destinations (write destinations: with a name, url and secret each)", name))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

func check(name, rawURL, secret string, evs, regions []string, allowPrivate bool) (*Destination, error) {
	if !nameRE.MatchString(name) {
		return nil, fmt.Errorf("name %q should be lower-case letters, digits, - and _ (at most 40)", name)
	}
	if _, err := CheckURL(rawURL, allowPrivate); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(secret, "whsec_") {
		return nil, errors.New("secret should be whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)")
	}
	signer, err := standardwebhooks.NewWebhook(secret)
	if err != nil || len(decoded(secret)) < MinSecretBytes {
		return nil, errors.New("secret should be whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)")
	}
	for _, e := range evs {
		if !slices.Contains(events, e) {
			return nil, fmt.Errorf("event %q is not one of %s", e, strings.Join(events, ", "))
		}
	}
	for _, r := range regions {
		if !regionRE.MatchString(r) {
			return nil, fmt.Errorf("region %q should be a state code like TX", r)
		}
	}
	if len(evs) == 0 {
		evs = events
	}
	return &Destination{Name: name, URL: rawURL, Events: evs, Regions: regions, signer: signer}, nil
}

// EmptySet is a set without destinations: it routes nothing and refuses any delivery.
func EmptySet() *Set { return &Set{byName: map[string]*Destination{}} }

// Names returns the destinations' names in file order.
func (s *Set) Names() []string { return slices.Clone(s.names) }

// Get returns the destination called name.
func (s *Set) Get(name string) (*Destination, bool) {
	d, ok := s.byName[name]
	return d, ok
}

// Route implements bot.Partners: the destinations that take kind from region, in file order.
func (s *Set) Route(kind, region string) []string {
	var out []string
	for _, n := range s.names {
		d := s.byName[n]
		if !slices.Contains(d.Events, kind) {
			continue
		}
		if len(d.Regions) > 0 && !slices.Contains(d.Regions, strings.ToUpper(region)) {
			continue
		}
		out = append(out, n)
	}
	return out
}

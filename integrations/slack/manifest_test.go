package slack

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifest keeps deploy/slack/manifest.yaml in step with what the desk uses: the routes, the
// scopes of the calls it makes, and the events it reads.
func TestManifest(t *testing.T) {
	b, err := os.ReadFile("../../deploy/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct{ Command, URL string } `yaml:"slash_commands"`
		}
		OAuth struct {
			Scopes struct{ Bot []string }
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				RequestURL string   `yaml:"request_url"`
				BotEvents  []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled    bool   `yaml:"is_enabled"`
				RequestURL string `yaml:"request_url"`
			}
			SocketMode *bool `yaml:"socket_mode_enabled"`
		}
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/frontdoor" ||
		!strings.HasSuffix(m.Features.SlashCommands[0].URL, "/slack/commands") {
		t.Errorf("slash command %+v", m.Features.SlashCommands)
	}
	if !strings.HasSuffix(m.Settings.Events.RequestURL, "/slack/events") || !m.Settings.Interactivity.Enabled ||
		!strings.HasSuffix(m.Settings.Interactivity.RequestURL, "/slack/interactions") {
		t.Errorf("request URLs %+v", m.Settings)
	}
	for _, s := range []string{"chat:write", "reactions:write", "channels:history", "groups:history", "im:history", "commands"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("the manifest lacks the scope %s", s)
		}
	}
	for _, e := range []string{"message.channels", "message.groups", "message.im"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("the manifest lacks the event %s", e)
		}
	}
	if m.Settings.SocketMode == nil {
		t.Error("the manifest lacks the socket_mode_enabled switch")
	}
}

package check

import (
	"os"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestDockerfile checks what can be checked without a Docker engine: a static build, a non-root
// user, a distroless base and a HEALTHCHECK through the binary itself.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	for _, want := range []string{"CGO_ENABLED=0", "FROM gcr.io/distroless/static", "USER nonroot", `HEALTHCHECK`, `"healthcheck"]`,
		"-trimpath", "./cmd/frontdoor"} {
		if !strings.Contains(df, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	if strings.Count(df, "FROM ") < 2 {
		t.Error("the Dockerfile should be multi-stage")
	}
}

// TestCompose checks the compose file: Redis keeps its data with AOF fsync every second on a
// volume, and the front door uses it.
func TestCompose(t *testing.T) {
	data, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string
			Command     []string
			Environment map[string]string
			Volumes     []string
			ReadOnly    bool `json:"read_only"`
		}
		Volumes map[string]any
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	redis, app := c.Services["redis"], c.Services["frontdoor"]
	cmd := strings.Join(redis.Command, " ")
	if !strings.Contains(cmd, "--appendonly yes") || !strings.Contains(cmd, "--appendfsync everysec") {
		t.Errorf("redis must use AOF with fsync every second: %q", cmd)
	}
	if _, declared := c.Volumes["redis-data"]; len(redis.Volumes) == 0 || !strings.HasPrefix(redis.Volumes[0], "redis-data:") || !declared {
		t.Error("redis data must live on a named volume")
	}
	if app.Environment["REDIS_URL"] != "redis://redis:6379" || !app.ReadOnly {
		t.Errorf("frontdoor must use the compose redis and a read-only filesystem: %+v", app)
	}
}

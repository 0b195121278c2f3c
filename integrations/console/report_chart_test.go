package console

import (
	"fmt"
	"testing"
)

func TestWholeTicks(t *testing.T) {
	for hi, want := range map[float64]string{5.25: "[0 1 2 3 4 5]", 8.4: "[0 2 4 6 8]", 31.5: "[0 10 20 30]", 1.05: "[0 1]", 260: "[0 50 100 150 200 250]"} {
		var got []string
		for _, tk := range (wholeTicks{}).Ticks(0, hi) {
			got = append(got, tk.Label)
		}
		if fmt.Sprint(got) != want {
			t.Errorf("ticks to %v: %v, want %s", hi, got, want)
		}
	}
}

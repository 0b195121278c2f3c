package faults_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/nhttf/frontdoor/faults"
)

func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Print(faults.Summary())
	os.Exit(code)
}

package redistest

import "syscall"

// childAttr makes a child process die with the test binary, so a test killed half-way (a
// timeout, Ctrl-C) leaves no server behind.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }

package main

import "context"

func (m *Main) soak(ctx context.Context, args []string) int { return exitUsage }

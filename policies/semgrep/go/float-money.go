package main

import (
	"net/http"
	"strconv"

	"github.com/shopspring/decimal"
)

type LineItem struct {
	SKU string
	// ruleid: go-float-money
	UnitPrice float64
	Quantity  int
}

type Invoice struct {
	// ruleid: go-float-money
	Total    float32
	// ok: go-float-money
	TotalCents int64
	// ok: go-float-money
	Tax      decimal.Decimal
	// ok: go-float-money
	Weight   float64
}

// ruleid: go-float-money
func applyDiscount(amount float64, pct int) float64 {
	return amount
}

func withVAT(price int64) float64 {
	// ruleid: go-float-money
	return float64(price) * 1.19
}

func parse(r *http.Request) {
	// ruleid: go-float-money
	fee, _ := strconv.ParseFloat(r.FormValue("fee"), 64)
	_ = fee
}

func cents(priceCents int64, qty int64) int64 {
	// ok: go-float-money
	return priceCents * qty
}

func decimalTotal(price decimal.Decimal) decimal.Decimal {
	// ok: go-float-money
	return price.Mul(decimal.NewFromFloat(1.19))
}

func ratio(count int, totalCount int) float64 {
	// ok: go-float-money
	return float64(count) / float64(totalCount) * 0.5
}

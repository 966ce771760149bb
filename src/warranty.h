/*
 * warranty.h — warranty of a piece of equipment (设备档案) and the charging
 * tiers after it.
 *
 * Warranty ends at the earlier of commissioning + commission_months (12) and
 * arrival acceptance + acceptance_months (18); when only one date is known it
 * decides alone; with neither the warranty is unknown. Downtime during
 * warranty extends it: a downtime span that starts on or before the
 * (already extended) end adds all its days (inclusive), spans taken in order
 * of their start. After the end, tiers follow (all configurable):
 *   TIER_WARRANTY  up to the end: everything free;
 *   TIER_1         the next 2 years: labour free, parts at cost;
 *   TIER_2         the year after: no labour fee; travel, lodging and parts charged;
 *   TIER_3         afterwards: everything charged.
 * Each cost type is decided separately.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_WARRANTY_H
#define SERVDESK_WARRANTY_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "datetime.h"

enum sd_cost { COST_LABOUR, COST_TRAVEL, COST_LODGING, COST_PARTS, COST_COUNT };
enum sd_tier { TIER_UNKNOWN, TIER_WARRANTY, TIER_1, TIER_2, TIER_3, TIER_COUNT };

const char *warranty_cost_code(int cost);     /* "labour", "travel", "lodging", "parts" */
const char *warranty_cost_name(int cost);     /* translated */
int warranty_cost_parse(const char *s);       /* code or Chinese name (人工费, 差旅费/交通费, 住宿费, 配件费); -1 */
const char *warranty_tier_code(int tier);     /* "unknown", "warranty", "tier1", "tier2", "tier3" */
const char *warranty_tier_name(int tier);     /* translated */

/* The terms: months of warranty, years of each tier, what each tier charges. */
typedef struct warranty_terms {
	int commission_months;            /* 12 */
	int acceptance_months;            /* 18 */
	int tier_years[TIER_COUNT];       /* years of TIER_1 (2) and TIER_2 (1); others unused */
	bool charged[TIER_COUNT][COST_COUNT];   /* is the cost type charged in the tier */
} warranty_terms;

/* The default terms from the service documents (as above). */
void warranty_default_terms(warranty_terms *t);

typedef struct warranty_downtime {
	sd_date from, to;                 /* inclusive */
} warranty_downtime;

/* Which dates a piece of equipment's warranty is counted from. */
enum sd_warranty_from {
	WARRANTY_FROM_EITHER,         /* both; the earlier end counts (the default) */
	WARRANTY_FROM_COMMISSIONED,   /* commissioning only */
	WARRANTY_FROM_ACCEPTED,       /* arrival acceptance only */
};
const char *warranty_from_code(int from);   /* "", "commissioned", "accepted" */
int warranty_from_parse(const char *s);     /* code (or "" / "either"); -1 if unknown */

/*
 * A piece of equipment's own terms in words (translated), appended to b:
 * "24 months from commissioning or arrival acceptance (the earlier end)",
 * "as set for the site" when months is 0 and from is WARRANTY_FROM_EITHER.
 */
void warranty_terms_text(buf *b, int months, int from);

/* One piece of equipment's dates; NO date is SD_DATE_NONE. */
#define SD_DATE_NONE INT32_MIN
typedef struct warranty_equipment {
	sd_date commissioned;
	sd_date accepted;
	const warranty_downtime *downtime;
	size_t ndowntime;
	/*
	 * The equipment's own terms (设备的保修期): months > 0 replaces both the
	 * commissioning and the acceptance months of the terms; from limits the
	 * warranty to one of the dates (the other is then not used). 0 and
	 * WARRANTY_FROM_EITHER: the terms decide.
	 */
	int months;
	int from;
} warranty_equipment;

/* The outcome for one date. */
typedef struct warranty_status {
	sd_date start;                    /* warranty start: the earlier of acceptance and
	                                     commissioning, SD_DATE_NONE if unknown */
	sd_date end;                      /* warranty end (inclusive), SD_DATE_NONE if unknown */
	int downtime_days;                /* days added by downtime */
	int tier;                         /* enum sd_tier on the date asked */
	sd_date tier_end;                 /* last day of that tier, SD_DATE_NONE if open-ended */
	bool charged[COST_COUNT];         /* per cost type on that date */
} warranty_status;

/*
 * The warranty status of equipment e on date on, under terms t. If explain is
 * not NULL, appends the reasoning (translated lines ending in '\n'): which rule
 * gave the end (commissioning + 12 months = ..., acceptance + 18 months = ...,
 * the earlier), the downtime days added, the tier on the date and why, and
 * what each cost type costs the customer.
 */
void warranty_status_on(const warranty_terms *t, const warranty_equipment *e, sd_date on,
                        warranty_status *out, buf *explain);

/*
 * Does the customer pay cost type cost, given the fault's cause? The tier
 * on the date decides (ws->charged; ws NULL: equipment unknown, charged),
 * except that damage outside the maker's responsibility (maker false:
 * misuse, human damage, force majeure, the site's conditions) is charged
 * whatever the tier, inside the warranty too. *by_cause (if not NULL) is
 * true when the cause alone made the cost payable. A service contract's
 * cover and free repairs are decided after this (contract_billing).
 */
bool warranty_charged_for_cause(const warranty_status *ws, int cost, bool maker, bool *by_cause);

#endif

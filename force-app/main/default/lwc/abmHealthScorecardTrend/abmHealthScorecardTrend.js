import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import { formatDate, formatMessage } from 'c/abmFormatUtils';
import TREND_TITLE from '@salesforce/label/c.ABM_TrendTitle';
import TREND_SUMMARY from '@salesforce/label/c.ABM_TrendSummary';
import TREND_UP from '@salesforce/label/c.ABM_TrendUp';
import TREND_DOWN from '@salesforce/label/c.ABM_TrendDown';
import TREND_FLAT from '@salesforce/label/c.ABM_TrendFlat';
import NO_TREND from '@salesforce/label/c.ABM_NoTrend';

const WIDTH = 120;
const HEIGHT = 32;
const PAD = 3;

/**
 * A sparkline of the weekly health score (0-100) with a text that says the same: the change over the weeks shown, and,
 * for screen readers, the first and last week with their scores. Weeks without a score are skipped.
 */
export default class AbmHealthScorecardTrend extends LightningElement {
    /** [{ weekStartDate, healthScore }], oldest first. */
    @api points = [];

    labels = { title: TREND_TITLE, noTrend: NO_TREND };

    get scored() {
        return (this.points || []).filter((p) => p && p.healthScore !== null && p.healthScore !== undefined);
    }

    get hasTrend() {
        return this.scored.length >= 2;
    }

    get coordinates() {
        const points = this.scored;
        const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
        return points.map((p, i) => {
            const score = Math.max(0, Math.min(100, Number(p.healthScore)));
            return { x: PAD + i * step, y: PAD + ((100 - score) / 100) * (HEIGHT - 2 * PAD) };
        });
    }

    get polyline() {
        return this.coordinates.map((c) => `${c.x.toFixed(1)},${c.y.toFixed(1)}`).join(' ');
    }

    get lastX() {
        const c = this.coordinates;
        return c.length ? c[c.length - 1].x.toFixed(1) : 0;
    }

    get lastY() {
        const c = this.coordinates;
        return c.length ? c[c.length - 1].y.toFixed(1) : 0;
    }

    get viewBox() {
        return `0 0 ${WIDTH} ${HEIGHT}`;
    }

    get change() {
        const points = this.scored;
        return points.length >= 2 ? Number(points[points.length - 1].healthScore) - Number(points[0].healthScore) : 0;
    }

    /** Visible: "Down 14 points in 12 weeks". */
    get changeText() {
        const change = this.change;
        const template = change > 0 ? TREND_UP : change < 0 ? TREND_DOWN : TREND_FLAT;
        return formatMessage(template, [Math.abs(change), this.scored.length], LOCALE);
    }

    get changeIcon() {
        const change = this.change;
        return change > 0 ? 'utility:arrowup' : change < 0 ? 'utility:arrowdown' : 'utility:right';
    }

    get changeClass() {
        const change = this.change;
        return `abm-trend__change ${change > 0 ? 'abm-trend__change_up' : change < 0 ? 'abm-trend__change_down' : ''}`;
    }

    /** For screen readers: "Health score from 62 (Dec 8, 2025) to 48 (Feb 23, 2026)". */
    get summary() {
        const points = this.scored;
        if (points.length < 2) {
            return this.labels.noTrend;
        }
        const first = points[0];
        const last = points[points.length - 1];
        return formatMessage(
            TREND_SUMMARY,
            [
                Number(first.healthScore),
                formatDate(first.weekStartDate, LOCALE),
                Number(last.healthScore),
                formatDate(last.weekStartDate, LOCALE)
            ],
            LOCALE
        );
    }
}

// Preview stand-in for lightning-map, which exists only inside Salesforce (it frames a map served by Salesforce).
// It shows the markers it was given as an SLDS box: a title, the marker count and each marker's title and location.
import { LightningElement, api } from 'lwc';

export default class PreviewMap extends LightningElement {
    @api mapMarkers = [];
    @api title;
    @api listView;
    @api zoomLevel;
    @api center;
    @api selectedMarkerValue;
    @api markersTitle;
    @api showFooter;

    get markers() {
        return (this.mapMarkers || []).map((m, i) => {
            const l = m.location || {};
            const where =
                l.Latitude !== undefined ? `${l.Latitude}, ${l.Longitude}` : [l.City, l.State, l.Country].filter(Boolean).join(', ');
            return { key: m.value || String(i), title: m.title, where };
        });
    }

    get count() {
        return this.markers.length;
    }
}

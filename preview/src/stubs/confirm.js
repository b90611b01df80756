// Preview stand-in for lightning/confirm: the answer comes from window.__preview.confirm(options) (default: yes); every
// question is recorded in window.__preview.confirms.
export default class LightningConfirm {
    static open(options) {
        window.__preview.confirms = window.__preview.confirms || [];
        window.__preview.confirms.push(options);
        return Promise.resolve(window.__preview.confirm ? window.__preview.confirm(options) : true);
    }
}

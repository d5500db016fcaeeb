namespace AdaNotebooks.Tests;

/// <summary>A page holding a slider's HTML (<c>SliderHtml</c>) that moves the slider to one value as a reader would,
/// then records on the body the frames shown (<c>data-visible</c>), the label (<c>data-label</c>) and whatever
/// <paramref name="record"/> adds (script that can read <c>shown</c>, the visible frames).</summary>
static class SliderPage
{
    public static string Html(string slider, string prefix, int value, string record = "") =>
        "<!DOCTYPE html><html><body>" + slider + "<script>" +
        $"var r=document.querySelector('.{prefix} input');r.value='{value}';r.dispatchEvent(new Event('input'));" +
        $"var shown=[].filter.call(document.querySelectorAll('.{prefix}-frame')," +
        "function(f){return f.style.display!=='none';});" +
        "document.body.setAttribute('data-visible',shown.map(function(f){return f.getAttribute('data-frame');})" +
        ".join(','));" +
        $"document.body.setAttribute('data-label',document.querySelector('.{prefix}-label').textContent);" +
        record + "</script></body></html>";
}

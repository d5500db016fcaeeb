using System.Net;
using System.Text;

namespace AdaNotebooks.Charts;

/// <summary>Pre-rendered frames behind a range slider, as one HTML fragment: every frame inline, the first shown,
/// and a small script that shows the frame the slider points at and its label. Nothing is fetched; without scripts
/// the first frame shows. <c>{prefix}</c>, <c>{prefix}-frame</c> and <c>{prefix}-label</c> are the CSS classes of
/// the whole, each frame and the label; the root's <c>data-shown</c> is the frame on show.</summary>
public static class SliderHtml
{
    public static string Render(string prefix, string title, string parameter,
        IReadOnlyList<(string Label, string Html)> frames)
    {
        if (frames.Count == 0) throw new ArgumentException($"{prefix}: a slider needs at least one frame");
        var id = prefix + "-" + Guid.NewGuid().ToString("N");
        var sb = new StringBuilder();
        sb.Append($"<div class=\"{prefix}\" id=\"{id}\"><div><b>{WebUtility.HtmlEncode(title)}</b></div>");
        sb.Append($"<div style=\"margin:6px 0\"><input type=\"range\" min=\"0\" max=\"{frames.Count - 1}\" " +
                  "step=\"1\" value=\"0\" style=\"width:320px;vertical-align:middle\" " +
                  $"aria-label=\"{WebUtility.HtmlEncode(parameter)}\"/> " +
                  $"<span class=\"{prefix}-label\">{WebUtility.HtmlEncode(frames[0].Label)}</span></div>");
        for (int k = 0; k < frames.Count; k++)
            sb.Append($"<div class=\"{prefix}-frame\" data-frame=\"{k}\" data-label=\"" +
                      $"{WebUtility.HtmlEncode(frames[k].Label)}\" style=\"display:{(k == 0 ? "block" : "none")}\">" +
                      frames[k].Html + "</div>");
        sb.Append("<script type=\"text/javascript\">(function(){" +
                  $"var root=document.getElementById('{id}');if(!root)return;" +
                  $"var range=root.querySelector('input'),label=root.querySelector('.{prefix}-label')," +
                  $"frames=root.querySelectorAll('.{prefix}-frame');" +
                  "function show(){var k=+range.value;for(var i=0;i<frames.length;i++)" +
                  "frames[i].style.display=i===k?'block':'none';" +
                  "label.textContent=frames[k].getAttribute('data-label');root.setAttribute('data-shown',String(k));}" +
                  "range.addEventListener('input',show);show();})();</script></div>");
        return sb.ToString();
    }
}

namespace Crm.Engine.Plugins;

/// <summary>A plugin registered in code with <c>AddPlugin&lt;T&gt;()</c>.</summary>
internal interface ICodePluginRegistration
{
    Type PluginType { get; }

    ICrmPlugin Create();
}

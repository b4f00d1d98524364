namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>Geom shapes (MJCF geom type).</summary>
public enum MjcfGeomType
{
    /// <summary>An infinite plane (size: half-extents for rendering, grid spacing).</summary>
    Plane,

    /// <summary>A sphere (size: radius).</summary>
    Sphere,

    /// <summary>A capsule (size: radius, half-length; or radius with fromto).</summary>
    Capsule,

    /// <summary>An ellipsoid (size: three radii).</summary>
    Ellipsoid,

    /// <summary>A cylinder (size: radius, half-length).</summary>
    Cylinder,

    /// <summary>A box (size: three half-extents).</summary>
    Box,
}
